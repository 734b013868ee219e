#include "resources.hpp"

#include "jobs.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

namespace cloudflow::cli {
namespace {

namespace json = boost::json;

// The text of a file of at most `max_bytes`, or a usage error naming the flag (a larger file, or
// an endless one such as /dev/zero, is refused without reading it all).
std::string read_file(std::string_view flag, const std::string& path, std::size_t max_bytes)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) usage_error(std::string(flag) + ": '" + path + "' is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) usage_error(std::string(flag) + ": cannot read '" + path + "': " + std::strerror(errno));
    std::string text(max_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) usage_error(std::string(flag) + ": cannot read '" + path + "'");
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes)
        usage_error(std::string(flag) + ": '" + path + "' is larger than " + std::to_string(max_bytes) + " bytes");
    return text;
}

// --definition TEXT or --definition-file PATH (not both); nullopt when neither is given.
std::optional<std::string> take_definition(Arguments& args)
{
    auto text = args.take("--definition");
    const auto path = args.take("--definition-file");
    if (text && path) usage_error("give --definition or --definition-file, not both");
    // The SDK takes 128 Ki characters: at most 4 bytes each in UTF-8.
    constexpr std::size_t max_definition_bytes = 4 * 128 * 1024;
    if (path) return read_file("--definition-file", *path, max_definition_bytes);
    return text;
}

std::string take_required_definition(Arguments& args)
{
    auto definition = take_definition(args);
    if (!definition) usage_error("--definition or --definition-file is required");
    return std::move(*definition);
}

// KEY=VALUE: the key (not empty) and everything after the first '='.
std::pair<std::string, std::string> split_pair(std::string_view flag, std::string_view form, const std::string& word)
{
    const auto equals = word.find('=');
    if (equals == std::string::npos || equals == 0)
        usage_error(std::string(flag) + " takes " + std::string(form) + ", not '" + word + "'");
    return {word.substr(0, equals), word.substr(equals + 1)};
}

[[noreturn]] void wrong_environment(const std::string& why)
{
    usage_error(R"(--environment takes NAME=VALUE or JSON text like {"Variables":[{"Name":"k","Value":"v"}]}: )" + why);
}

// The service's form: {"Variables": [{"Name": ..., "Value": ..., "Description": ...}]}.
std::vector<EnvironmentVariable> environment_from_json(const std::string& text)
{
    boost::system::error_code ec;
    const json::value value = json::parse(text, ec);
    if (ec) wrong_environment("it is not valid JSON (" + ec.message() + ")");
    if (!value.is_object()) wrong_environment("it is not a JSON object");
    std::vector<EnvironmentVariable> out;
    const json::value* variables = value.get_object().if_contains("Variables");
    if (variables == nullptr) return out;
    if (!variables->is_array()) wrong_environment("Variables is not an array");
    for (const json::value& item : variables->get_array()) {
        const json::object* variable = item.if_object();
        if (variable == nullptr) wrong_environment("a variable is not an object");
        const auto text_of = [&](const char* key) -> std::optional<std::string> {
            const json::value* member = variable->if_contains(key);
            if (member == nullptr || member->is_null()) return std::nullopt;
            if (!member->is_string()) wrong_environment(std::string("a variable's ") + key + " is not a string");
            return std::string(member->get_string());
        };
        auto name = text_of("Name");
        if (!name) wrong_environment("a variable has no Name");
        out.push_back(
            {.name = std::move(*name), .value = text_of("Value").value_or(""), .description = text_of("Description")});
    }
    return out;
}

// --environment NAME=VALUE (repeatable), or one --environment with the service's JSON text;
// nullopt when absent.
std::optional<std::vector<EnvironmentVariable>> take_environment(Arguments& args)
{
    const auto words = args.take_all("--environment");
    if (words.empty()) return std::nullopt;
    const auto is_json = [](const std::string& word) {
        const auto first = word.find_first_not_of(" \t\r\n");
        return first != std::string::npos && word[first] == '{';
    };
    if (std::any_of(words.begin(), words.end(), is_json)) {
        if (words.size() > 1) usage_error("--environment takes one JSON text or NAME=VALUE pairs, not both");
        return environment_from_json(words.front());
    }
    std::vector<EnvironmentVariable> out;
    for (const auto& word : words) {
        auto [name, value] = split_pair("--environment", "NAME=VALUE or a JSON text", word);
        out.push_back({.name = std::move(name), .value = std::move(value)});
    }
    return out;
}

// --routing VERSION=WEIGHT, once or twice; empty when absent.
std::vector<RoutingConfiguration> take_routing(Arguments& args)
{
    const auto words = args.take_all("--routing");
    if (words.size() > 2)
        usage_error("--routing is given " + std::to_string(words.size()) +
                    " times; an alias routes to one or two versions");
    std::vector<RoutingConfiguration> out;
    for (const auto& word : words) {
        auto [version, text] = split_pair("--routing", "VERSION=WEIGHT", word);
        double weight = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), weight);
        if (ec != std::errc{} || end != text.data() + text.size() || !(weight >= 0 && weight <= 100))
            usage_error("--routing takes VERSION=WEIGHT with a weight from 0 to 100, not '" + word + "'");
        out.push_back({.version = std::move(version), .weight = weight});
    }
    return out;
}

std::optional<ExecutionMode> take_mode(Arguments& args)
{
    const auto text = args.take("--execution-mode");
    if (!text) return std::nullopt;
    const auto mode = parse_execution_mode(*text);
    if (mode == ExecutionMode::unknown) usage_error("--execution-mode takes Standard or Express, not '" + *text + "'");
    return mode;
}

std::optional<bool> take_bool(Arguments& args, std::string_view flag)
{
    const auto text = args.take(flag);
    if (!text) return std::nullopt;
    if (*text != "true" && *text != "false")
        usage_error(std::string(flag) + " takes true or false, not '" + *text + "'");
    return *text == "true";
}

std::optional<std::int64_t> take_int64(Arguments& args, std::string_view flag, long long low)
{
    const auto n = args.take_integer(flag, low, std::numeric_limits<std::int64_t>::max());
    return n ? std::optional<std::int64_t>(*n) : std::nullopt;
}

}  // namespace

// Flows.

Job create_flow(Arguments& args)
{
    CreateFlowRequest r{.name = args.take_required("--name"),
                        .definition = take_required_definition(args),
                        .description = args.take("--description").value_or("")};
    if (auto type = args.take("--type")) r.type = std::move(*type);
    r.execution_mode = take_mode(args);
    r.environment = take_environment(args);
    r.role_arn = args.take("--role-arn");
    r.external_storage_location = args.take("--external-storage-location");
    r.resource_group_id = args.take("--resource-group-id");
    return call_job(std::move(r));
}

Job describe_flow(Arguments& args)
{
    DescribeFlowRequest r{.name = args.take_required("--name"), .flow_version = args.take("--flow-version")};
    return call_job(std::move(r));
}

Job update_flow(Arguments& args)
{
    UpdateFlowRequest r{.name = args.take_required("--name")};
    r.definition = take_definition(args);
    r.description = args.take("--description");
    r.type = args.take("--type");
    r.environment = take_environment(args);
    r.role_arn = args.take("--role-arn");
    return call_job(std::move(r));
}

Job delete_flow(Arguments& args)
{
    DeleteFlowRequest r{.name = args.take_required("--name")};
    return call_job(std::move(r));
}

Job list_flows(Arguments& args)
{
    ListFlowsRequest r{.limit = take_int(args, "--limit", 1, 999),
                       .next_token = args.take("--next-token"),
                       .resource_group_id = args.take("--resource-group-id")};
    return pages_job(std::move(r), "Flows", take_max_items(args));
}

// Versions.

Job publish_flow_version(Arguments& args)
{
    PublishFlowVersionRequest r{.flow_name = args.take_required("--flow-name"),
                                .description = args.take("--description")};
    return call_job(std::move(r));
}

Job list_flow_versions(Arguments& args)
{
    ListFlowVersionsRequest r{.flow_name = args.take_required("--flow-name"),
                              .limit = take_int(args, "--limit", 1, 999),
                              .next_token = args.take("--next-token")};
    return pages_job(std::move(r), "FlowVersions", take_max_items(args));
}

Job delete_flow_version(Arguments& args)
{
    DeleteFlowVersionRequest r{.flow_name = args.take_required("--flow-name"),
                               .version = args.take_required("--version")};
    return call_job(std::move(r));
}

// Aliases.

Job create_flow_alias(Arguments& args)
{
    CreateFlowAliasRequest r{.flow_name = args.take_required("--flow-name"),
                             .name = args.take_required("--name"),
                             .routing_configurations = take_routing(args)};
    if (r.routing_configurations.empty()) usage_error("--routing is required (VERSION=WEIGHT, once or twice)");
    r.description = args.take("--description");
    return call_job(std::move(r));
}

Job describe_flow_alias(Arguments& args)
{
    DescribeFlowAliasRequest r{.flow_name = args.take_required("--flow-name"), .name = args.take_required("--name")};
    return call_job(std::move(r));
}

Job update_flow_alias(Arguments& args)
{
    UpdateFlowAliasRequest r{.flow_name = args.take_required("--flow-name"), .name = args.take_required("--name")};
    if (auto routing = take_routing(args); !routing.empty()) r.routing_configurations = std::move(routing);
    r.description = args.take("--description");
    return call_job(std::move(r));
}

Job list_flow_aliases(Arguments& args)
{
    ListFlowAliasesRequest r{.flow_name = args.take_required("--flow-name"),
                             .limit = take_int(args, "--limit", 1, 999),
                             .next_token = args.take("--next-token")};
    return pages_job(std::move(r), "Aliases", take_max_items(args));
}

Job delete_flow_alias(Arguments& args)
{
    DeleteFlowAliasRequest r{.flow_name = args.take_required("--flow-name"), .name = args.take_required("--name")};
    return call_job(std::move(r));
}

// Schedules.

Job create_schedule(Arguments& args)
{
    CreateScheduleRequest r{.flow_name = args.take_required("--flow-name"),
                            .schedule_name = args.take_required("--schedule-name"),
                            .cron_expression = args.take_required("--cron-expression")};
    r.enable = take_bool(args, "--enable");
    r.description = args.take("--description");
    r.payload_json = args.take("--payload");
    return call_job(std::move(r));
}

Job describe_schedule(Arguments& args)
{
    DescribeScheduleRequest r{.flow_name = args.take_required("--flow-name"),
                              .schedule_name = args.take_required("--schedule-name")};
    return call_job(std::move(r));
}

Job update_schedule(Arguments& args)
{
    UpdateScheduleRequest r{.flow_name = args.take_required("--flow-name"),
                            .schedule_name = args.take_required("--schedule-name")};
    r.cron_expression = args.take("--cron-expression");
    r.enable = take_bool(args, "--enable");
    r.description = args.take("--description");
    r.payload_json = args.take("--payload");
    return call_job(std::move(r));
}

Job delete_schedule(Arguments& args)
{
    DeleteScheduleRequest r{.flow_name = args.take_required("--flow-name"),
                            .schedule_name = args.take_required("--schedule-name")};
    return call_job(std::move(r));
}

Job list_schedules(Arguments& args)
{
    ListSchedulesRequest r{.flow_name = args.take_required("--flow-name"),
                           .limit = take_int(args, "--limit", 1, 1000),
                           .next_token = args.take("--next-token")};
    return pages_job(std::move(r), "Schedules", take_max_items(args));
}

// Map runs.

Job describe_map_run(Arguments& args)
{
    DescribeMapRunRequest r{.flow_name = args.take_required("--flow-name"),
                            .execution_name = args.take_required("--execution-name"),
                            .map_run_name = args.take_required("--map-run-name")};
    return call_job(std::move(r));
}

Job update_map_run(Arguments& args)
{
    UpdateMapRunRequest r{.flow_name = args.take_required("--flow-name"),
                          .execution_name = args.take_required("--execution-name"),
                          .map_run_name = args.take_required("--map-run-name")};
    r.settings.concurrency = take_int64(args, "--concurrency", 1);
    r.settings.tolerated_failed_count = take_int64(args, "--tolerated-failed-count", 0);
    r.settings.tolerated_failed_percentage = args.take_number("--tolerated-failed-percentage", 0, 100);
    return call_job(std::move(r));
}

// Regions.

Job describe_regions(Arguments& args)
{
    DescribeRegionsRequest r{.accept_language = args.take("--accept-language")};
    return call_job(std::move(r));
}

}  // namespace cloudflow::cli
