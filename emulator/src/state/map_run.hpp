// A distributed Map state's run: its settings (UpdateMapRun changes them while it runs) and the
// counts of its items (DescribeMapRun). Each item is a child execution of the map run.
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <boost/asio/steady_timer.hpp>

#include <optional>
#include <string>

namespace cloudflow::local {

// UpdateMapRun's bound on Concurrency (the service's quota is 100 per map run).
inline constexpr long long max_map_run_concurrency = 1000;
// The most items a Map runs (the service's quota per map run).
inline constexpr long long max_map_run_items = 10'000;

struct MapRun {
    std::string name;                // <execution>:<state>:<8 hex digits>
    std::string id;                  // the 8 hex digits: the child executions' names start with map-<id>-
    std::string status = "Running";  // Running, Succeeded, Failed
    Timestamp started{};
    std::optional<Timestamp> stopped;
    long long concurrency = 1;
    long long tolerated_failed_count = 0;
    double tolerated_failed_percentage = 0;
    struct Counts {
        long long total = 0, succeeded = 0, failed = 0, running = 0, pending = 0, aborted = 0;
    } counts;
    boost::asio::steady_timer* wake = nullptr;  // the Map waits on it while it runs: UpdateMapRun cancels it

    bool ended() const { return status != "Running"; }
    // Ends it Failed at `when`, its running and pending items aborted.
    void abort(Timestamp when)
    {
        counts.aborted += counts.running + counts.pending;
        counts.running = counts.pending = 0;
        status = "Failed";
        stopped = when;
    }
    // Whether its failed items are more than it tolerates: over the count and over the percentage
    // of all its items.
    bool beyond_tolerance() const
    {
        return counts.failed > tolerated_failed_count &&
               static_cast<double>(counts.failed) * 100.0 >
                   tolerated_failed_percentage * static_cast<double>(counts.total);
    }
};

}  // namespace cloudflow::local
