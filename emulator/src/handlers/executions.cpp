#include "handlers/executions.hpp"
#include "lang/text.hpp"

#include "handlers/lookups.hpp"
#include "handlers/paging.hpp"
#include "handlers/params.hpp"

#include <cloudflow/model/timestamp.hpp>

#include <boost/asio/this_coro.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <random>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The longest TaskToken looked up (the emulator issues 64 characters).
constexpr std::size_t max_token_length = 256;

// What a start runs: the flow's current definition, or the version its Qualifier names (an
// alias picks one of its versions by weight, with the seeded generator).
struct Target {
    std::shared_ptr<const FlowConfig> flow;
    std::string qualifier;
    std::uint64_t version = 0;
};

Target target_for(RpcContext& ctx, Flow& flow)
{
    Target target{flow.current, {}, 0};
    const std::string* qualifier = optional(ctx, "Qualifier");
    if (!qualifier || qualifier->empty()) return target;
    target.qualifier = *qualifier;
    if (version_number(*qualifier)) {
        const FlowVersion& version = version_for(ctx, flow, "Qualifier", *qualifier);
        target.flow = version.snapshot;
        target.version = version.number;
        return target;
    }
    const FlowAlias* alias = flow.find_alias(*qualifier);
    if (!alias) throw alias_not_exists(flow, *qualifier);
    double total = 0;
    for (const auto& route : alias->routes) total += route.weight;
    std::uniform_real_distribution<double> draw(0.0, total);
    double point = draw(ctx.backend.replies.random());
    const RoutingConfiguration* chosen = &alias->routes.back();
    for (const auto& route : alias->routes) {
        if (route.weight > 0 && point < route.weight) {
            chosen = &route;
            break;
        }
        point -= route.weight;
    }
    if (chosen->weight <= 0)  // the draw fell on the end of the range: the last route that has weight
        for (const auto& route : alias->routes)
            if (route.weight > 0) chosen = &route;
    const auto version = flow.versions.find(chosen->version);
    if (version == flow.versions.end()) throw version_not_exists(flow, std::to_string(chosen->version));
    target.flow = version->second.snapshot;
    target.version = chosen->version;
    return target;
}

// A definition in the legacy FDL is stored, not run.
void check_runnable(const FlowConfig& flow)
{
    if (!flow.definition) throw invalid("Flow " + flow.name + " cannot run: " + flow.not_runnable + ".");
}

// The mock file's test case an execution uses: InvalidArgument when its name asks for one the
// flow's mocks do not have.
std::string test_case(const RpcContext& ctx, const std::string& flow, const std::string& execution)
{
    std::string problem;
    auto found = ctx.backend.runner.test_case(flow, execution, problem);
    if (!found) throw invalid("The parameter ExecutionName names no test case of the mocks: " + problem);
    return std::move(*found);
}

json::object environment(const std::vector<std::pair<std::string, std::string>>& variables,
                         const json::storage_ptr& storage = {})
{
    json::array out(storage);
    for (const auto& [name, value] : variables)
        out.push_back(json::object({{"Name", name}, {"Value", value}}, storage));
    return json::object({{"Variables", std::move(out)}}, storage);
}

// The execution as the answers describe it. `empty_as_text`: StartExecution and StopExecution
// write an absent Output or StoppedTime as "", as their samples do.
struct Shape {
    bool data = true;         // Input, Output, FlowDefinition (ListExecutions' MetadataOnly drops them)
    bool environment = true;  // DescribeExecution and ListExecutions carry Environment
    bool empty_as_text = false;
};

json::object fields(const Execution& e, Shape shape)
{
    json::object out{{"FlowName", e.flow}, {"Name", e.name}, {"Status", e.status}};
    if (shape.data) {
        out["Input"] = e.input;
        if (e.output)
            out["Output"] = *e.output;
        else if (shape.empty_as_text)
            out["Output"] = "";
        out["FlowDefinition"] = e.definition;
    }
    out["StartedTime"] = format_timestamp(e.started);
    if (e.stopped)
        out["StoppedTime"] = format_timestamp(*e.stopped);
    else if (shape.empty_as_text)
        out["StoppedTime"] = "";
    if (shape.environment) out["Environment"] = environment(e.environment);
    return out;
}

// StartSyncExecution's answer. Its object lives only until it is written: its table and strings
// come from a buffer on the stack.
ServiceReply sync_answer(RpcContext& ctx, const std::string& flow_name, const std::string& run_name, Timestamp started,
                         const Ending& ending, const FlowConfig& flow)
{
    unsigned char scratch[2048];
    json::monotonic_resource memory(scratch, sizeof scratch);
    static constexpr std::string_view statuses[] = {"Succeeded", "Failed", "TimedOut", "Stopped"};
    const std::string_view status = statuses[static_cast<int>(ending.kind)];
    json::object body({{"FlowName", flow_name},
                       {"Name", run_name},
                       {"Status", status},
                       {"StartedTime", format_timestamp(started)},
                       {"StoppedTime", format_timestamp(ctx.backend.clock.now())}},
                      &memory);
    if (ending.succeeded()) body["Output"] = json_text(ending.output);
    if (!ending.error.code.empty()) body["ErrorCode"] = ending.error.code;
    if (!ending.error.detail.empty()) body["ErrorMessage"] = ending.error.detail;
    std::vector<std::pair<std::string, std::string>> variables;
    for (const auto& v : flow.environment) variables.emplace_back(v.name, v.value);
    body["Environment"] = environment(variables, &memory);
    ServiceReply reply = ctx.backend.replies.ok(std::move(body));
    reply.summary = "200 Status " + std::string(status);
    return reply;
}

asio::awaitable<ServiceReply> start_sync_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string* execution_name = name(ctx, "ExecutionName", false);
    json::value input = json_object(ctx, "Input", optional(ctx, "Input"));
    const Target target = target_for(ctx, flow_for(ctx, flow_name));
    const FlowConfig& flow = *target.flow;
    if (!flow.express) throw Refusal{400, "ActionNotSupported", "Standard execution is not supported"};
    check_runnable(flow);
    fault_step(ctx, flow);

    // The service appends ":{UUID}": a sync execution's name need not be unique. They are not
    // stored (the service keeps express history only in preview).
    const std::string given = execution_name ? *execution_name : "exec";
    Launch launch;
    launch.flow = target.flow;
    launch.name = given + ":" + ctx.backend.replies.request_id();
    launch.input = std::move(input);
    launch.qualifier = target.qualifier;
    launch.version = target.version;
    launch.role_arn = flow_for(ctx, flow_name).role_arn;
    launch.test_case = test_case(ctx, flow_name, given);
    const std::string run_name = launch.name;
    const Timestamp started = ctx.backend.clock.now();
    const Ending ending = co_await ctx.backend.runner.run_sync(std::move(launch));
    co_return sync_answer(ctx, flow_name, run_name, started, ending, flow);
}

asio::awaitable<ServiceReply> start_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string* execution_name = name(ctx, "ExecutionName", false);
    json::value input = json_object(ctx, "Input", optional(ctx, "Input"));
    // CallbackFnFTaskToken: a parent task whose report is this execution's end.
    const std::string* callback = optional(ctx, "CallbackFnFTaskToken");
    if (callback && callback->size() > max_token_length)
        throw invalid("The parameter CallbackFnFTaskToken is not a task token.");
    Target target = target_for(ctx, flow_for(ctx, flow_name));
    const FlowConfig& flow = *target.flow;
    if (flow.express) throw Refusal{400, "ActionNotSupported", "Express execution is not supported"};
    check_runnable(flow);
    fault_step(ctx, flow);

    if (execution_name) {
        if (auto existing = ctx.backend.store.find(flow_name, *execution_name)) {
            // The same name again: the running execution as it is; one that ended is taken.
            if (existing->ended())
                throw Refusal{400, "ExecutionAlreadyExists",
                              "Execution " + *execution_name + " for flow " + flow_name + " already exists."};
            co_return ctx.backend.replies.ok(fields(*existing, {.environment = false, .empty_as_text = true}));
        }
    }
    if (ctx.backend.store.running() >= ctx.backend.store.limits().max_running)
        throw Refusal{400, "ExecutionLimitExceeded",
                      "The number of running executions has reached the limit (" +
                          std::to_string(ctx.backend.store.limits().max_running) + ")."};
    Launch launch;
    launch.flow = std::move(target.flow);
    launch.name = execution_name ? *execution_name : ctx.backend.store.fresh_name(flow_name);
    launch.input = std::move(input);
    launch.qualifier = std::move(target.qualifier);
    launch.version = target.version;
    launch.role_arn = flow_for(ctx, flow_name).role_arn;
    launch.test_case = test_case(ctx, flow_name, launch.name);
    if (callback) {
        // The parent execution's: its depth bounds this one's child flows.
        if (auto parent = ctx.backend.store.token_owner(*callback)) {
            launch.callback_token = *callback;
            launch.depth = parent->depth + 1;
        } else {
            throw invalid("The parameter CallbackFnFTaskToken is not a task token.");
        }
    }
    auto execution = ctx.backend.runner.prepare(launch);
    ServiceReply reply = ctx.backend.replies.ok(fields(*execution, {.environment = false, .empty_as_text = true}));
    const asio::any_io_executor executor = co_await asio::this_coro::executor;
    ctx.backend.runner.start(executor, execution, std::move(launch));
    reply.summary = "200 StartExecution " + execution->name;
    co_return reply;
}

asio::awaitable<ServiceReply> describe_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    const auto wait = integer(ctx, "WaitTimeSeconds", 0, 60, 0);
    fault_step(ctx, *flow_for(ctx, flow_name).current);
    auto execution = execution_for(ctx, flow_name, execution_name);
    // The long poll: until the execution ends or the time passes (at most 60 s, by the check above).
    co_await Runner::wait_for_end(execution, std::chrono::seconds(wait));
    ServiceReply reply = ctx.backend.replies.ok(fields(*execution, {}));
    reply.summary = "200 Status " + execution->status;
    co_return reply;
}

asio::awaitable<ServiceReply> stop_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    at_most(ctx, "Error", 128);
    at_most(ctx, "Cause", 4096);
    fault_step(ctx, *flow_for(ctx, flow_name).current);
    auto execution = execution_for(ctx, flow_name, execution_name);
    if (execution->ended())
        throw invalid("Execution " + execution_name + " has already ended (" + execution->status + ").");
    const std::string* error = optional(ctx, "Error");
    const std::string* cause = optional(ctx, "Cause");
    ctx.backend.runner.stop(*execution, error ? *error : "", cause ? *cause : "");
    json::object body = fields(*execution, {.environment = false, .empty_as_text = true});
    // The reference's StopExecution answer names the flow's role; "" for a flow without one, as
    // this answer writes its other absent members.
    body["RoleArn"] = flow_for(ctx, flow_name).role_arn;
    co_return ctx.backend.replies.ok(std::move(body));
}

std::optional<Timestamp> time_filter(const RpcContext& ctx, const char* field)
{
    const std::string* text = optional(ctx, field);
    if (!text || text->empty()) return std::nullopt;
    auto t = parse_timestamp(*text);
    if (!t) throw invalid("The parameter " + std::string(field) + " must be an ISO 8601 UTC time.");
    return t;
}

asio::awaitable<ServiceReply> list_executions(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 99, 60));
    const std::string* status = optional(ctx, "Status");
    static constexpr std::string_view statuses[] = {"Starting",  "Running", "Stopped",
                                                    "Succeeded", "Failed",  "TimedOut"};
    if (status && !status->empty() &&
        std::find(std::begin(statuses), std::end(statuses), *status) == std::end(statuses))
        throw invalid("The parameter Status must be one of Starting, Running, Stopped, Succeeded, Failed, TimedOut.");
    const std::string* prefix = optional(ctx, "ExecutionNamePrefix");
    const auto begin = time_filter(ctx, "StartedTimeBegin");
    const auto end = time_filter(ctx, "StartedTimeEnd");
    bool metadata_only = false;
    if (const std::string* m = optional(ctx, "MetadataOnly")) {
        if (*m != "true" && *m != "false") throw invalid("The parameter MetadataOnly must be true or false.");
        metadata_only = *m == "true";
    }
    // Qualifier: started with it, or running that version. MapRunName: the child executions of
    // that map run (its items); without it, the executions that are not a map run's items.
    const std::string* qualifier = optional(ctx, "Qualifier");
    const std::string* map_run = optional(ctx, "MapRunName");
    const auto qualified = [&](const Execution& e) {
        if (!qualifier || qualifier->empty()) return true;
        const auto number = version_number(*qualifier);
        return e.qualifier == *qualifier || (number && e.version == *number);
    };
    const auto has_map_run = [&](const Execution& e) {
        return !map_run || map_run->empty() ? e.map_run.empty() : e.map_run == *map_run;
    };
    const std::string scope = "executions/" + flow_name;
    // Newest first: a page starts at a serial and goes down, so executions started later never
    // move the pages already handed out.
    const auto start = page_start(ctx, scope);
    fault_step(ctx, *flow_for(ctx, flow_name).current);

    const auto matches = [&](const Execution& e) {
        return (!status || status->empty() || e.status == *status) && (!prefix || e.name.starts_with(*prefix)) &&
               (!begin || e.started >= *begin) && (!end || e.started <= *end) && qualified(e) && has_map_run(e);
    };
    const auto keep = [&](const std::shared_ptr<Execution>& e) { return matches(*e); };
    const auto item = [&](const std::shared_ptr<Execution>& e) { return fields(*e, {.data = !metadata_only}); };
    co_return ctx.backend.replies.ok(page(ctx, scope, start, ctx.backend.store.executions(flow_name),
                                          PageOrder::newest_first, limit, "Executions", keep, item));
}

asio::awaitable<ServiceReply> get_execution_history(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 999, 60));
    const std::string scope = "history/" + flow_name + "/" + execution_name;
    const auto from = static_cast<std::size_t>(page_start(ctx, scope).value_or(0));
    fault_step(ctx, *flow_for(ctx, flow_name).current);
    auto execution = execution_for(ctx, flow_name, execution_name);

    json::array events;
    const auto& all = execution->events;
    for (std::size_t i = from; i < all.size() && events.size() < limit; ++i) {
        const HistoryEvent& e = all[i];
        events.push_back(json::object{{"EventId", e.id},
                                      {"ScheduleEventId", e.scheduled_by},
                                      {"StepName", e.step},
                                      {"Type", e.type},
                                      {"Time", format_timestamp(e.time)},
                                      {"EventDetail", e.detail}});
    }
    json::object body{{"Events", std::move(events)}};
    if (from + limit < all.size()) body["NextToken"] = ctx.backend.store.page_token(scope, from + limit);
    co_return ctx.backend.replies.ok(std::move(body));
}

// The execution waiting on `token`'s task: never issued is InvalidArgument, used or ended is
// TaskAlreadyCompleted. The fault step (of the execution's flow, while it exists) comes between:
// a token that was never issued uses no fault, and a drop after a report that acted makes the
// client's repeat meet TaskAlreadyCompleted.
std::shared_ptr<Execution> task_owner(RpcContext& ctx, const std::string& token)
{
    auto execution = token.size() <= max_token_length ? ctx.backend.store.token_owner(token) : nullptr;
    if (!execution) throw invalid("The TaskToken is not valid.");
    check_access(ctx, execution->flow);
    if (const Flow* flow = ctx.backend.catalog.find(execution->flow)) fault_step(ctx, *flow->current);
    const auto task = execution->tasks.find(token);
    if (execution->ended() || task == execution->tasks.end() || task->second.outcome)
        throw Refusal{400, "TaskAlreadyCompleted", "Task " + token + " has already completed."};
    return execution;
}

asio::awaitable<ServiceReply> report_task_succeeded(RpcContext& ctx)
{
    const std::string& token = required(ctx, "TaskToken");
    const std::string& output_text = required(ctx, "Output");
    json::value output = json_object(ctx, "Output", &output_text);
    auto execution = task_owner(ctx, token);
    const std::int64_t id = ctx.backend.runner.report(*execution, token, TaskResult::success(std::move(output)));
    co_return ctx.backend.replies.ok(json::object{{"EventId", id}});
}

asio::awaitable<ServiceReply> report_task_failed(RpcContext& ctx)
{
    const std::string& token = required(ctx, "TaskToken");
    const std::string& error = required(ctx, "Error");
    at_most(ctx, "Error", 128);
    at_most(ctx, "Cause", 4096);
    const std::string* cause = optional(ctx, "Cause");
    auto execution = task_owner(ctx, token);
    const std::int64_t id =
        ctx.backend.runner.report(*execution, token, TaskResult::failure(error, cause ? *cause : ""));
    co_return ctx.backend.replies.ok(json::object{{"EventId", id}});
}

// DescribeMapRun and UpdateMapRun: the map runs of an execution's distributed Map states.
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
    co_return ctx.backend.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> update_map_run(RpcContext& ctx)
{
    const auto concurrency = integer(ctx, "Concurrency", 1, max_map_run_concurrency, 0);
    const auto count = integer(ctx, "ToleratedFailedCount", 0, max_map_run_items, -1);
    const auto percentage = decimal(ctx, "ToleratedFailedPercentage", 0, 100);
    std::string flow_name;
    const auto run = map_run_for(ctx, flow_name);
    if (run->ended()) throw invalid("Map run " + run->name + " has already ended (" + run->status + ").");
    if (concurrency > 0) run->concurrency = concurrency;
    if (count >= 0) run->tolerated_failed_count = count;
    if (percentage) run->tolerated_failed_percentage = *percentage;
    // The Map takes up the new settings at once: more items start, or a lower tolerance fails it.
    if (run->wake) run->wake->cancel();
    co_return ctx.backend.replies.ok(json::object{{"FlowName", flow_name},
                                                  {"ExecutionName", *optional(ctx, "ExecutionName")},
                                                  {"MapRunName", run->name},
                                                  {"Concurrency", run->concurrency},
                                                  {"ToleratedFailedCount", run->tolerated_failed_count},
                                                  {"ToleratedFailedPercentage", run->tolerated_failed_percentage}});
}

constexpr Route routes[] = {
    {"StartSyncExecution", start_sync_execution},
    {"StartExecution", start_execution},
    {"DescribeExecution", describe_execution},
    {"StopExecution", stop_execution},
    {"ListExecutions", list_executions},
    {"GetExecutionHistory", get_execution_history},
    {"ReportTaskSucceeded", report_task_succeeded},
    {"ReportTaskFailed", report_task_failed},
    {"DescribeMapRun", describe_map_run},
    {"UpdateMapRun", update_map_run},
};

}  // namespace

std::span<const Route> execution_routes()
{
    return routes;
}

}  // namespace cloudflow::local
