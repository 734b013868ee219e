#include "commands.hpp"

#include "jobs.hpp"
#include "resources.hpp"

#include <limits>

namespace cloudflow::cli {

std::optional<int> take_int(Arguments& args, std::string_view flag, int low, int high)
{
    const auto n = args.take_integer(flag, low, high);
    return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
}

std::size_t take_max_items(Arguments& args)
{
    const auto n = args.take_integer("--max-items", 1, std::numeric_limits<long long>::max());
    return n ? static_cast<std::size_t>(*n) : std::numeric_limits<std::size_t>::max();
}

namespace {

using boost::asio::awaitable;

std::optional<Timestamp> take_time(Arguments& args, std::string_view flag)
{
    const auto text = args.take(flag);
    if (!text) return std::nullopt;
    const auto time = parse_timestamp(*text);
    if (!time) usage_error(std::string(flag) + " takes an ISO 8601 time (2024-01-31T08:00:00Z), not '" + *text + "'");
    return time;
}

Job start_sync_execution(Arguments& args)
{
    StartSyncExecutionRequest r{.flow_name = args.take_required("--flow-name"),
                                .execution_name = args.take("--execution-name"),
                                .input_json = args.take("--input"),
                                .qualifier = args.take("--qualifier")};
    return call_job(std::move(r));
}

Job start_execution(Arguments& args)
{
    StartExecutionRequest r{.flow_name = args.take_required("--flow-name"),
                            .execution_name = args.take("--execution-name"),
                            .input_json = args.take("--input"),
                            .qualifier = args.take("--qualifier"),
                            .callback_task_token = args.take("--callback-task-token")};
    return call_job(std::move(r));
}

// Until the execution ends or the wait is over; then as it is.
awaitable<int> wait_and_print(Client& client, DescribeExecutionRequest r, std::chrono::milliseconds wait,
                              CallOptions options)
{
    const WaitOptions until{.timeout = wait, .call = options};  // named: see docs/operations.md, "GCC 12 and co_await"
    auto ended = co_await client.wait_for_execution(r.flow_name, r.execution_name, until);
    if (ended || ended.error().code != errc::timeout) co_return print(ended);
    co_return print(co_await client.describe_execution(std::move(r), std::move(options)));
}

Job describe_execution(Arguments& args)
{
    DescribeExecutionRequest r{.flow_name = args.take_required("--flow-name"),
                               .execution_name = args.take_required("--execution-name")};
    const auto wait = args.take_seconds("--wait");
    return [r, wait](Client& client, CallOptions options) {
        return wait ? wait_and_print(client, r, *wait, std::move(options))
                    : call_and_print(client, r, std::move(options));
    };
}

Job stop_execution(Arguments& args)
{
    StopExecutionRequest r{.flow_name = args.take_required("--flow-name"),
                           .execution_name = args.take_required("--execution-name"),
                           .error = args.take("--error"),
                           .cause = args.take("--cause")};
    return call_job(std::move(r));
}

Job list_executions(Arguments& args)
{
    ListExecutionsRequest r{.flow_name = args.take_required("--flow-name")};
    r.limit = take_int(args, "--limit", 1, 99);
    if (const auto status = args.take("--status")) {
        r.status = parse_execution_status(*status);
        if (r.status == ExecutionStatus::unknown)
            usage_error("--status takes Starting, Running, Stopped, Succeeded, Failed or TimedOut, not '" + *status +
                        "'");
    }
    r.execution_name_prefix = args.take("--execution-name-prefix");
    r.started_time_begin = take_time(args, "--started-time-begin");
    r.started_time_end = take_time(args, "--started-time-end");
    r.qualifier = args.take("--qualifier");
    r.map_run_name = args.take("--map-run-name");
    if (args.take_switch("--metadata-only")) r.metadata_only = true;
    r.next_token = args.take("--next-token");
    return pages_job(std::move(r), "Executions", take_max_items(args));
}

Job get_execution_history(Arguments& args)
{
    GetExecutionHistoryRequest r{.flow_name = args.take_required("--flow-name"),
                                 .execution_name = args.take_required("--execution-name")};
    r.limit = take_int(args, "--limit", 1, 999);
    r.next_token = args.take("--next-token");
    return pages_job(std::move(r), "Events", take_max_items(args));
}

Job report_task_succeeded(Arguments& args)
{
    ReportTaskSucceededRequest r{.task_token = args.take_required("--task-token"),
                                 .output_json = args.take_required("--output")};
    return call_job(std::move(r));
}

Job report_task_failed(Arguments& args)
{
    ReportTaskFailedRequest r{.task_token = args.take_required("--task-token"),
                              .error = args.take_required("--error"),
                              .cause = args.take("--cause")};
    return call_job(std::move(r));
}

Job call(Arguments& args)
{
    auto words = args.take_positional();
    if (words.empty()) usage_error("call needs an Action, e.g. cloudflow call DescribeFlow Name=my_flow");
    InvokeRequest r{.action = words.front()};
    for (std::size_t i = 1; i < words.size(); ++i) {
        const auto equals = words[i].find('=');
        if (equals == std::string::npos || equals == 0)
            usage_error("call takes parameters as Key=Value, not '" + words[i] + "'");
        r.parameters.insert_or_assign(words[i].substr(0, equals), words[i].substr(equals + 1));
    }
    if (const auto method = args.take("--method")) {
        if (*method != "GET" && *method != "POST") usage_error("--method takes GET or POST, not '" + *method + "'");
        r.method = *method == "GET" ? RequestMethod::get : RequestMethod::post;
    }
    r.idempotent = args.take_switch("--idempotent");
    return call_job(std::move(r));
}

constexpr Command all[] = {
    {"start-sync-execution", "--flow-name NAME [--input JSON] [--execution-name NAME] [--qualifier Q]",
     start_sync_execution},
    {"start-execution",
     "--flow-name NAME [--input JSON] [--execution-name NAME] [--qualifier Q] [--callback-task-token T]",
     start_execution},
    {"describe-execution", "--flow-name NAME --execution-name NAME [--wait SECONDS]", describe_execution},
    {"stop-execution", "--flow-name NAME --execution-name NAME [--error E] [--cause C]", stop_execution},
    {"list-executions",
     "--flow-name NAME [--status S] [--execution-name-prefix P] [--started-time-begin T] [--started-time-end T] "
     "[--qualifier Q] [--map-run-name M] [--metadata-only] [--limit N] [--next-token T] [--max-items N]",
     list_executions},
    {"get-execution-history", "--flow-name NAME --execution-name NAME [--limit N] [--next-token T] [--max-items N]",
     get_execution_history},
    {"report-task-succeeded", "--task-token T --output JSON", report_task_succeeded},
    {"report-task-failed", "--task-token T --error E [--cause C]", report_task_failed},
    {"create-flow",
     "--name NAME (--definition TEXT | --definition-file PATH) [--description D] [--type FDL] "
     "[--execution-mode Standard|Express] [--environment NAME=VALUE ...|JSON] [--role-arn ARN] "
     "[--external-storage-location L] [--resource-group-id ID]",
     create_flow},
    {"describe-flow", "--name NAME [--flow-version V]", describe_flow},
    {"update-flow",
     "--name NAME [--definition TEXT | --definition-file PATH] [--description D] [--type FDL] "
     "[--environment NAME=VALUE ...|JSON] [--role-arn ARN]",
     update_flow},
    {"delete-flow", "--name NAME", delete_flow},
    {"list-flows", "[--resource-group-id ID] [--limit N] [--next-token T] [--max-items N]", list_flows},
    {"publish-flow-version", "--flow-name NAME [--description D]", publish_flow_version},
    {"list-flow-versions", "--flow-name NAME [--limit N] [--next-token T] [--max-items N]", list_flow_versions},
    {"delete-flow-version", "--flow-name NAME --version V", delete_flow_version},
    {"create-flow-alias",
     "--flow-name NAME --name ALIAS --routing VERSION=WEIGHT [--routing VERSION=WEIGHT] "
     "[--description D]",
     create_flow_alias},
    {"describe-flow-alias", "--flow-name NAME --name ALIAS", describe_flow_alias},
    {"update-flow-alias", "--flow-name NAME --name ALIAS [--routing VERSION=WEIGHT ...] [--description D]",
     update_flow_alias},
    {"list-flow-aliases", "--flow-name NAME [--limit N] [--next-token T] [--max-items N]", list_flow_aliases},
    {"delete-flow-alias", "--flow-name NAME --name ALIAS", delete_flow_alias},
    {"create-schedule",
     "--flow-name NAME --schedule-name S --cron-expression CRON [--enable true|false] [--description D] "
     "[--payload JSON]",
     create_schedule},
    {"describe-schedule", "--flow-name NAME --schedule-name S", describe_schedule},
    {"update-schedule",
     "--flow-name NAME --schedule-name S [--cron-expression CRON] [--enable true|false] [--description D] "
     "[--payload JSON]",
     update_schedule},
    {"delete-schedule", "--flow-name NAME --schedule-name S", delete_schedule},
    {"list-schedules", "--flow-name NAME [--limit N] [--next-token T] [--max-items N]", list_schedules},
    {"describe-map-run", "--flow-name NAME --execution-name NAME --map-run-name M", describe_map_run},
    {"update-map-run",
     "--flow-name NAME --execution-name NAME --map-run-name M [--concurrency N] [--tolerated-failed-count N] "
     "[--tolerated-failed-percentage P]",
     update_map_run},
    {"describe-regions", "[--accept-language zh-CN|en-US|ja]", describe_regions},
    {"call", "Action [Key=Value ...] [--method GET|POST] [--idempotent]", call},
};

}  // namespace

std::span<const Command> commands()
{
    return all;
}

}  // namespace cloudflow::cli
