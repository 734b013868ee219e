#include "handlers/executions.hpp"

#include <cloudflow/model/names.hpp>
#include <cloudflow/model/timestamp.hpp>

#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The deepest Input accepted: as deep as the SDK's default limit.
constexpr std::size_t max_json_depth = 1000;
// The longest TaskToken looked up (the emulator issues 64 characters).
constexpr std::size_t max_token_length = 256;

Timestamp now_ms()
{
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Refusal invalid(std::string message)
{
    return Refusal{400, "InvalidArgument", std::move(message)};
}

const std::string* optional(const RpcContext& ctx, const char* name)
{
    const auto it = ctx.params.find(name);
    return it == ctx.params.end() ? nullptr : &it->second;
}

const std::string& required(const RpcContext& ctx, const char* name)
{
    const std::string* value = optional(ctx, name);
    if (!value || value->empty())
        throw Refusal{400, "MissingRequiredParams", "The HTTP query '" + std::string(name) + "' must be specified."};
    return *value;
}

// A flow or execution name: present when `needed`, and following the name rules.
const std::string* name(const RpcContext& ctx, const char* field, bool needed)
{
    const std::string* value = needed ? &required(ctx, field) : optional(ctx, field);
    if (value)
        if (auto rule = check_name(*value)) throw invalid(std::string(field) + " " + *rule);
    return value;
}

long long integer(const RpcContext& ctx, const char* field, long long lo, long long hi, long long fallback)
{
    const std::string* text = optional(ctx, field);
    if (!text) return fallback;
    long long value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < lo || value > hi)
        throw invalid("The parameter " + std::string(field) + " must be a whole number from " + std::to_string(lo) +
                      " to " + std::to_string(hi) + ".");
    return value;
}

void at_most(const RpcContext& ctx, const char* field, std::size_t characters)
{
    // Characters, not bytes: count the bytes that do not continue a UTF-8 sequence.
    if (const std::string* text = optional(ctx, field)) {
        const auto n = std::count_if(text->begin(), text->end(), [](char c) { return (c & 0xC0) != 0x80; });
        if (static_cast<std::size_t>(n) > characters)
            throw invalid("The parameter " + std::string(field) + " must be at most " + std::to_string(characters) +
                          " characters.");
    }
}

// A JSON object given as text (Input, Output): within the size and depth limits.
json::value json_object(const RpcContext& ctx, const char* field, const std::string* text)
{
    if (!text || text->empty()) return json::object{};
    if (text->size() > ctx.config.max_input_bytes)
        throw Refusal{400, "EntityTooLarge",
                      "The payload size exceeds maximum allowed size (" + std::to_string(ctx.config.max_input_bytes) +
                          " bytes)."};
    boost::system::error_code ec;
    json::value value = json::parse(*text, ec, {}, json::parse_options{.max_depth = max_json_depth});
    if (ec || !value.is_object()) throw invalid("The " + std::string(field) + " must be a JSON object.");
    return value;
}

// The flow, if it exists and the key may use it.
const FlowConfig& flow_for(const RpcContext& ctx, const std::string& flow_name)
{
    const FlowConfig* flow = ctx.config.find_flow(flow_name);
    if (!flow) throw Refusal{404, "FlowNotExists", "Flow " + flow_name + " does not exist."};
    const auto& allowed = ctx.key.flows;
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), flow_name) == allowed.end())
        throw Refusal{403, "AccessDenied", "The resources does not belong to you."};
    return *flow;
}

std::shared_ptr<Execution> execution_for(const RpcContext& ctx, const std::string& flow, const std::string& name)
{
    auto execution = ctx.store.find(flow, name);
    if (!execution) throw Refusal{404, "ExecutionNotExists", "Execution " + name + " does not exist."};
    return execution;
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
    // The emulator's flows have no environment variables.
    if (shape.environment) out["Environment"] = json::object{{"Variables", json::array{}}};
    return out;
}

asio::awaitable<ServiceReply> start_sync_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string* execution_name = name(ctx, "ExecutionName", false);
    json::value input = json_object(ctx, "Input", optional(ctx, "Input"));
    const FlowConfig& flow = flow_for(ctx, flow_name);
    if (!flow.express) throw Refusal{400, "ActionNotSupported", "Standard execution is not supported"};
    fault_step(ctx, flow);

    const Timestamp started = now_ms();
    ExecutionResult result = co_await run_flow(flow.definition, std::move(input), flow.timeout);
    // The service appends ":{UUID}": a sync execution's name need not be unique. They are not
    // stored (the service keeps express history only in preview).
    json::object body{{"FlowName", flow_name},
                      {"Name", (execution_name ? *execution_name : "exec") + ":" + ctx.replies.request_id()},
                      {"Status", result.status},
                      {"StartedTime", format_timestamp(started)},
                      {"StoppedTime", format_timestamp(now_ms())}};
    if (result.output) body["Output"] = json::serialize(*result.output);
    if (!result.error_code.empty()) body["ErrorCode"] = result.error_code;
    if (!result.error_message.empty()) body["ErrorMessage"] = result.error_message;
    ServiceReply reply = ctx.replies.ok(std::move(body));
    reply.summary = "200 Status " + result.status;
    co_return reply;
}

asio::awaitable<ServiceReply> start_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string* execution_name = name(ctx, "ExecutionName", false);
    const std::string* input_text = optional(ctx, "Input");
    json::value input = json_object(ctx, "Input", input_text);
    // Qualifier (a version or alias) and CallbackFnFTaskToken (a parent task) are accepted and
    // have no effect: the emulator's flows have one version and no nesting.
    const FlowConfig& flow = flow_for(ctx, flow_name);
    if (flow.express) throw Refusal{400, "ActionNotSupported", "Express execution is not supported"};
    fault_step(ctx, flow);

    if (execution_name) {
        if (auto existing = ctx.store.find(flow_name, *execution_name)) {
            // The same name again: the running execution as it is; one that ended is taken.
            if (existing->ended())
                throw Refusal{400, "ExecutionAlreadyExists",
                              "Execution " + *execution_name + " for flow " + flow_name + " already exists."};
            co_return ctx.replies.ok(fields(*existing, {.environment = false, .empty_as_text = true}));
        }
    }
    if (ctx.store.running() >= ctx.store.limits().max_running)
        throw Refusal{400, "ExecutionLimitExceeded",
                      "The number of running executions has reached the limit (" +
                          std::to_string(ctx.store.limits().max_running) + ")."};
    auto execution = ctx.store.add(flow_name, execution_name ? *execution_name : ctx.store.fresh_name(flow_name));
    execution->input = input_text && !input_text->empty() ? json::serialize(input) : "{}";
    execution->definition = flow.definition_text;
    ServiceReply reply = ctx.replies.ok(fields(*execution, {.environment = false, .empty_as_text = true}));
    ctx.runner.start(co_await asio::this_coro::executor, execution, flow, std::move(input));
    reply.summary = "200 StartExecution " + execution->name;
    co_return reply;
}

asio::awaitable<ServiceReply> describe_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    const auto wait = integer(ctx, "WaitTimeSeconds", 0, 60, 0);
    fault_step(ctx, flow_for(ctx, flow_name));
    auto execution = execution_for(ctx, flow_name, execution_name);
    // The long poll: until the execution ends or the time passes (at most 60 s, by the check above).
    co_await Runner::wait_for_end(execution, std::chrono::seconds(wait));
    ServiceReply reply = ctx.replies.ok(fields(*execution, {}));
    reply.summary = "200 Status " + execution->status;
    co_return reply;
}

asio::awaitable<ServiceReply> stop_execution(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    at_most(ctx, "Error", 128);
    at_most(ctx, "Cause", 4096);
    fault_step(ctx, flow_for(ctx, flow_name));
    auto execution = execution_for(ctx, flow_name, execution_name);
    if (execution->ended())
        throw invalid("Execution " + execution_name + " has already ended (" + execution->status + ").");
    const std::string* error = optional(ctx, "Error");
    const std::string* cause = optional(ctx, "Cause");
    ctx.runner.stop(*execution, error ? *error : "", cause ? *cause : "");
    co_return ctx.replies.ok(fields(*execution, {.environment = false, .empty_as_text = true}));
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
    // Qualifier and MapRunName are accepted and filter nothing: one version, no Map states.
    const std::string scope = "executions/" + flow_name;
    const auto& all = ctx.store.executions(flow_name);
    // Newest first: a page starts at a serial and goes down, so executions started later never
    // move the pages already handed out.
    std::uint64_t from = all.empty() ? 0 : all.rbegin()->first;
    if (const std::string* token = optional(ctx, "NextToken"); token && !token->empty()) {
        auto position = ctx.store.read_page_token(scope, *token);
        if (!position) throw invalid("The NextToken is not valid.");
        from = *position;
    }
    fault_step(ctx, flow_for(ctx, flow_name));

    const auto matches = [&](const Execution& e) {
        return (!status || status->empty() || e.status == *status) && (!prefix || e.name.starts_with(*prefix)) &&
               (!begin || e.started >= *begin) && (!end || e.started <= *end);
    };
    json::array executions;
    std::optional<std::uint64_t> next;
    for (auto it = std::make_reverse_iterator(all.upper_bound(from)); it != all.rend(); ++it) {
        if (!matches(*it->second)) continue;
        if (executions.size() == limit) {
            next = it->first;
            break;
        }
        executions.push_back(fields(*it->second, {.data = !metadata_only}));
    }
    json::object body{{"Executions", std::move(executions)}};
    if (next) body["NextToken"] = ctx.store.page_token(scope, *next);
    co_return ctx.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> get_execution_history(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& execution_name = *name(ctx, "ExecutionName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 999, 60));
    const std::string scope = "history/" + flow_name + "/" + execution_name;
    std::size_t from = 0;
    if (const std::string* token = optional(ctx, "NextToken"); token && !token->empty()) {
        auto position = ctx.store.read_page_token(scope, *token);
        if (!position) throw invalid("The NextToken is not valid.");
        from = static_cast<std::size_t>(*position);
    }
    fault_step(ctx, flow_for(ctx, flow_name));
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
    if (from + limit < all.size()) body["NextToken"] = ctx.store.page_token(scope, from + limit);
    co_return ctx.replies.ok(std::move(body));
}

// The execution waiting on `token`'s task: never issued is InvalidArgument, used or ended is
// TaskAlreadyCompleted. ReportTask* name no flow, so they have no fault step.
std::shared_ptr<Execution> task_owner(const RpcContext& ctx, const std::string& token)
{
    auto execution = token.size() <= max_token_length ? ctx.store.token_owner(token) : nullptr;
    if (!execution) throw invalid("The TaskToken is not valid.");
    flow_for(ctx, execution->flow);
    if (execution->ended() || !execution->task || execution->task->token != token || execution->task->outcome)
        throw Refusal{400, "TaskAlreadyCompleted", "Task " + token + " has already completed."};
    return execution;
}

asio::awaitable<ServiceReply> report_task_succeeded(RpcContext& ctx)
{
    const std::string& token = required(ctx, "TaskToken");
    const std::string& output_text = required(ctx, "Output");
    json::value output = json_object(ctx, "Output", &output_text);
    auto execution = task_owner(ctx, token);
    const std::int64_t id =
        ctx.runner.report(*execution, TaskOutcome{TaskOutcome::Kind::succeeded, std::move(output), {}, {}});
    co_return ctx.replies.ok(json::object{{"EventId", id}});
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
        ctx.runner.report(*execution, TaskOutcome{TaskOutcome::Kind::failed, {}, error, cause ? *cause : ""});
    co_return ctx.replies.ok(json::object{{"EventId", id}});
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
};

}  // namespace

std::span<const Route> execution_routes()
{
    return routes;
}

}  // namespace cloudflow::local
