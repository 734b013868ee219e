#include "operations/execution_reader.hpp"

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
    in.object("Environment", [&](JsonReader& environment) {
        environment.objects("Variables", out.environment, [](JsonReader& variable, EnvironmentVariable& v) {
            variable.required("Name", v.name);
            std::optional<std::string> value;
            variable.optional("Value", value);
            v.value = value.value_or("");
        });
    });
}

}  // namespace cloudflow::detail
