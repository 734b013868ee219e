// The commands of flows, versions, aliases, schedules, map runs and regions: each parses its
// options into a job (a usage error exits 2 before anything is sent).
#pragma once

#include "commands.hpp"

namespace cloudflow::cli {

Job create_flow(Arguments& args);
Job describe_flow(Arguments& args);
Job update_flow(Arguments& args);
Job delete_flow(Arguments& args);
Job list_flows(Arguments& args);

Job publish_flow_version(Arguments& args);
Job list_flow_versions(Arguments& args);
Job delete_flow_version(Arguments& args);

Job create_flow_alias(Arguments& args);
Job describe_flow_alias(Arguments& args);
Job update_flow_alias(Arguments& args);
Job list_flow_aliases(Arguments& args);
Job delete_flow_alias(Arguments& args);

Job create_schedule(Arguments& args);
Job describe_schedule(Arguments& args);
Job update_schedule(Arguments& args);
Job delete_schedule(Arguments& args);
Job list_schedules(Arguments& args);

Job describe_map_run(Arguments& args);
Job update_map_run(Arguments& args);

Job describe_regions(Arguments& args);

}  // namespace cloudflow::cli
