#include "operations/readers.hpp"

namespace cloudflow::detail {

void read_execution(JsonReader& in, Execution& out)
{
    in.required("FlowName", out.flow_name);
    in.required("Name", out.name);
    in.status("Status", out.status, out.status_text);
    in.json_text("Input", out.input);
    in.json_text("Output", out.output);
    in.optional("FlowDefinition", out.flow_definition);
    in.time("StartedTime", out.started_time);
    in.time("StoppedTime", out.stopped_time);
    in.optional("RoleArn", out.role_arn);
    read_environment(in, out.environment);
}

void read_environment(JsonReader& in, std::vector<EnvironmentVariable>& out)
{
    in.object("Environment", [&](JsonReader& environment) {
        environment.objects("Variables", out, [](JsonReader& variable, EnvironmentVariable& v) {
            variable.required("Name", v.name);
            std::optional<std::string> value;
            variable.optional("Value", value);
            v.value = value.value_or("");
            variable.optional("Description", v.description);
        });
    });
}

void read_flow(JsonReader& in, Flow& out)
{
    in.required("Name", out.name);
    in.optional("Description", out.description);
    in.optional("Id", out.id);
    in.optional("Definition", out.definition);
    in.optional("Type", out.type);
    std::optional<std::string> text;
    in.optional("ExecutionMode", text);
    if (text) {
        out.execution_mode = parse_execution_mode(*text);
        out.execution_mode_text = *text;
    }
    read_environment(in, out.environment);
    in.optional("RoleArn", out.role_arn);
    in.optional("ResourceGroupId", out.resource_group_id);
    in.optional("ExternalStorageLocation", out.external_storage_location);
    in.time("CreatedTime", out.created_time);
    in.time("LastModifiedTime", out.last_modified_time);
}

void read_flow_version(JsonReader& in, FlowVersion& out)
{
    in.required("Version", out.version);
    in.optional("Description", out.description);
    in.time("CreatedTime", out.created_time);
}

void read_flow_alias(JsonReader& in, FlowAlias& out)
{
    in.required("Name", out.name);
    in.optional("Description", out.description);
    in.objects("RoutingConfigurations", out.routing_configurations,
               [](JsonReader& configuration, RoutingConfiguration& c) {
                   configuration.required("Version", c.version);
                   configuration.number("Weight", c.weight, true);
               });
    in.time("CreatedTime", out.created_time);
}

void read_schedule(JsonReader& in, Schedule& out)
{
    in.required("ScheduleName", out.schedule_name);
    in.optional("ScheduleId", out.schedule_id);
    in.required("CronExpression", out.cron_expression);
    in.boolean("Enable", out.enable);
    in.optional("Description", out.description);
    in.json_text("Payload", out.payload);
    in.time("CreatedTime", out.created_time);
    in.time("LastModifiedTime", out.last_modified_time);
}

void read_delete(JsonReader& in, DeleteResponse& out)
{
    in.required("RequestId", out.request_id);
}

}  // namespace cloudflow::detail
