// DescribeMapRun and UpdateMapRun: the map runs of an execution's distributed Map states.
#include "handlers/flows.hpp"
#include "handlers/params.hpp"

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::size_t max_map_run_name = 1024;

// The map run a request names (FlowName, ExecutionName, MapRunName; RequestId is ignored).
std::shared_ptr<MapRun> map_run_for(RpcContext& ctx, std::string& flow_name)
{
    flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    const std::string& run_name = required(ctx, "MapRunName");
    at_most(ctx, "MapRunName", max_map_run_name);
    fault_step(ctx, *flow_for(ctx, flow_name).current);
    const auto execution = execution_for(ctx, flow_name, execution_name);
    for (const auto& run : execution->map_runs)
        if (run->name == run_name) return run;
    throw Refusal{404, "MapRunNotExists",
                  "Map run " + run_name + " of execution " + execution_name + " does not exist."};
}

asio::awaitable<ServiceReply> describe_map_run(RpcContext& ctx)
{
    std::string flow_name;
    const auto run = map_run_for(ctx, flow_name);
    const auto& c = run->counts;
    json::object body{{"ExecutionName", *optional(ctx, "ExecutionName")},
                      {"MapRunName", run->name},
                      {"Status", run->status},
                      {"StartedTime", format_timestamp(run->started)},
                      {"Concurrency", run->concurrency},
                      {"ToleratedFailedCount", run->tolerated_failed_count},
                      {"ToleratedFailedPercentage", run->tolerated_failed_percentage},
                      {"ItemCounts", json::object{{"Total", c.total},
                                                  {"Succeed", c.succeeded},
                                                  {"Failed", c.failed},
                                                  {"Running", c.running},
                                                  {"Pending", c.pending},
                                                  {"Aborted", c.aborted}}}};
    if (run->stopped) body["StoppedTime"] = format_timestamp(*run->stopped);
    co_return ctx.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> update_map_run(RpcContext& ctx)
{
    const auto concurrency = integer(ctx, "Concurrency", 1, max_map_concurrency, 0);
    const auto count = integer(ctx, "ToleratedFailedCount", 0, static_cast<long long>(max_map_items), -1);
    const auto percentage = decimal(ctx, "ToleratedFailedPercentage", 0, 100);
    std::string flow_name;
    const auto run = map_run_for(ctx, flow_name);
    if (run->ended()) throw invalid("Map run " + run->name + " has already ended (" + run->status + ").");
    if (concurrency > 0) run->concurrency = concurrency;
    if (count >= 0) run->tolerated_failed_count = count;
    if (percentage) run->tolerated_failed_percentage = *percentage;
    // The Map takes up the new settings at once: more items start, or a lower tolerance fails it.
    if (run->wake) run->wake->cancel();
    co_return ctx.replies.ok(json::object{{"FlowName", flow_name},
                                          {"ExecutionName", *optional(ctx, "ExecutionName")},
                                          {"MapRunName", run->name},
                                          {"Concurrency", run->concurrency},
                                          {"ToleratedFailedCount", run->tolerated_failed_count},
                                          {"ToleratedFailedPercentage", run->tolerated_failed_percentage}});
}

constexpr Route routes[] = {
    {"DescribeMapRun", describe_map_run},
    {"UpdateMapRun", update_map_run},
};

}  // namespace

std::span<const Route> map_run_routes()
{
    return routes;
}

}  // namespace cloudflow::local
