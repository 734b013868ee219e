/// @file
/// A map run: the child executions a Map state in distributed mode runs over its items
/// (DescribeMapRun, UpdateMapRun; fnf 2019-03-15).
#pragma once

#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/timestamp.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace cloudflow {

/// The items of a map run by state.
struct MapRunItemCounts {
    std::int64_t total = 0;      ///< all the items
    std::int64_t succeeded = 0;  ///< "Succeed" on the wire
    std::int64_t failed = 0;     ///< failed
    std::int64_t running = 0;    ///< running now
    std::int64_t pending = 0;    ///< waiting to run
    std::int64_t aborted = 0;    ///< aborted

    /// Equal when every count is.
    friend bool operator==(const MapRunItemCounts&, const MapRunItemCounts&) = default;
};

/// How a map run may proceed: how many items at once, and how many failures it tolerates.
struct MapRunSettings {
    std::optional<std::int64_t> concurrency{};             ///< how many items run at once
    std::optional<std::int64_t> tolerated_failed_count{};  ///< how many failed items the run tolerates before it fails
    std::optional<double> tolerated_failed_percentage{};   ///< 0-100
};

}  // namespace cloudflow
