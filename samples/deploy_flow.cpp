// Deploys a flow and runs it through an alias, as a release pipeline would:
//   1. creates the flow (or updates its definition when it exists),
//   2. publishes the definition as a new version,
//   3. points the alias `live` at that version (creating the alias the first time),
//   4. starts an execution through the alias and waits for it,
//   5. lists the flow's executions that ran through `live`.
//
// Run it against cloudflow-local's demo (credentials from the environment, as the CLI takes them):
//   ./build/samples/deploy_flow http://127.0.0.1:PORT [DEFINITION_FILE]
// Without a file, the definition is a two-state flow in CloudFlow's flow language (Spec v1, YAML),
// which cloudflow-local and CloudFlow both run; give a file to deploy your own flow's definition.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr const char* flow = "sample_orders";
constexpr const char* alias = "live";

const char* const default_definition = R"(Type: StateMachine
SpecVersion: v1
Name: sample_orders
StartAt: Greet
States:
  - Type: Pass
    Name: Greet
    OutputConstructor:
      greeting: hello from a published version
      order.$: $Input.order
    Next: Done
  - Type: Succeed
    Name: Done
)";

int fail(const char* step, const cloudflow::Error& e)
{
    std::cerr << step << " failed: " << e << '\n';
    return 1;
}

}  // namespace

// Requests are named variables, not temporaries in the co_await expression: GCC 12 miscompiles
// such temporaries (docs/operations.md, "GCC 12 and co_await").
asio::awaitable<int> deploy(cloudflow::Client& client, std::string definition)
{
    // 1. The flow: created once, its definition updated on every later deploy.
    cloudflow::CreateFlowRequest create{.name = flow,
                                        .definition = definition,
                                        .description = "deployed by samples/deploy_flow",
                                        .execution_mode = cloudflow::ExecutionMode::standard};
    auto created = co_await client.create_flow(create);
    if (!created && created.error().code == cloudflow::errc::flow_already_exists) {
        cloudflow::UpdateFlowRequest update{.name = flow, .definition = definition};
        created = co_await client.update_flow(update);
    }
    if (!created) co_return fail("create or update the flow", created.error());
    std::cout << "1. flow " << created->name << " (id " << created->id << ")\n";

    // 2. A version: an immutable snapshot of the definition.
    cloudflow::PublishFlowVersionRequest publish{.flow_name = flow, .description = "release"};
    const auto version = co_await client.publish_flow_version(publish);
    if (!version) co_return fail("publish a version", version.error());
    std::cout << "2. published version " << version->version << '\n';

    // 3. The alias: all executions started through it run the new version.
    const std::vector<cloudflow::RoutingConfiguration> routing{{version->version, 100}};
    cloudflow::UpdateFlowAliasRequest point{.flow_name = flow, .name = alias, .routing_configurations = routing};
    auto pointed = co_await client.update_flow_alias(point);
    if (!pointed && pointed.error().is(cloudflow::condition::not_found)) {
        cloudflow::CreateFlowAliasRequest make{.flow_name = flow, .name = alias, .routing_configurations = routing};
        pointed = co_await client.create_flow_alias(make);
    }
    if (!pointed) co_return fail("point the alias", pointed.error());
    std::cout << "3. alias " << alias << " -> version " << pointed->alias.routing_configurations.at(0).version << '\n';

    // 4. An execution through the alias; the name makes the start safe to retry.
    const std::string name = "release-" + version->version;
    cloudflow::StartExecutionRequest start{.flow_name = flow, .execution_name = name, .qualifier = alias};
    start.input = boost::json::object{{"order", 42}};
    const auto started = co_await client.start_execution(start);
    if (!started) co_return fail("start an execution", started.error());
    const cloudflow::WaitOptions wait{.timeout = 5min, .poll = 20s};
    const auto ended = co_await client.wait_for_execution(flow, name, wait);
    if (!ended) co_return fail("wait for the execution", ended.error());
    std::cout << "4. execution " << name << " " << ended->status;
    if (ended->output) std::cout << " with output " << boost::json::serialize(*ended->output);
    std::cout << '\n';

    // 5. Every execution that ran through the alias, page by page.
    cloudflow::ListExecutionsRequest list{.flow_name = flow, .qualifier = alias};
    cloudflow::Paginator executions(client, list);
    std::cout << "5. executions through " << alias << ":\n";
    for (;;) {
        auto execution = co_await executions.next_item();
        if (!execution) co_return fail("list executions", execution.error());
        if (!*execution) break;
        std::cout << "   " << (*execution)->name << ' ' << (*execution)->status << '\n';
    }
    co_return 0;
}

int main(int argc, char** argv)
{
    if (argc != 2 && argc != 3) {
        std::cerr << "usage: deploy_flow ENDPOINT [DEFINITION_FILE]\n";
        return 2;
    }
    std::string definition = default_definition;
    if (argc == 3) {
        std::ifstream file(argv[2]);
        if (!file) {
            std::cerr << "cannot read " << argv[2] << '\n';
            return 2;
        }
        std::ostringstream text;
        text << file.rdbuf();
        definition = text.str();
    }
    asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = std::make_shared<cloudflow::EnvironmentCredentialsProvider>();
    cloudflow::Client client(ioc.get_executor(), config);

    int status = 1;
    asio::co_spawn(ioc, deploy(client, std::move(definition)), [&](std::exception_ptr e, int s) {
        if (e) std::rethrow_exception(e);
        status = s;
    });
    ioc.run();
    return status;
}
