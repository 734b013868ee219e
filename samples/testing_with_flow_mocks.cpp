// Testing your service against the flow it really calls: the flow's own YAML definition
// (flows/orders.yaml, as deployed to CloudFlow) created in cloudflow-local with CreateFlow, and its
// Function Compute task mocked per test case (flows/orders.mocks.yaml).
//
// The code under test is payments::settle below: it starts an execution of the standard flow
// `orders` and waits for its end. A test chooses what the flow's integrations answer by the
// execution's name: `<TestCase>--<anything>` runs that test case of the mock file.
//   - Ok: the charge succeeds at once.
//   - Throttled: the function is throttled twice, the flow's Retry waits (1 s, then 2 s) and the
//     third attempt succeeds; the history shows the three attempts.
//   - an amount of 0 is refused by the flow itself (its Fail state), no test case needed.
//
// Run it: ./build/samples/testing_with_flow_mocks [CLOUDFLOW_LOCAL [FLOWS_DIR]]
// cloudflow-local is found as LocalEmulator finds it unless given; FLOWS_DIR holds orders.yaml and
// orders.mocks.yaml (default: the samples' flows/ directory of this checkout). Prints "ok: ..." or
// "FAILED: ..." per test; exit status 0 when every check passed, 1 otherwise.
#include "sample_checks.hpp"

#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/local_emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using sample::check;

namespace payments {

struct Order {
    std::string id;
    double amount = 0;
};

struct Settlement {
    bool charged = false;
    std::string problem;  // why not, when not charged
};

// The service function under test: runs the `orders` flow for `order` as the execution
// `execution_name`, and reads its outcome.
asio::awaitable<Settlement> settle(cloudflow::Client& client, Order order, std::string execution_name)
{
    cloudflow::StartExecutionRequest start{.flow_name = "orders", .execution_name = execution_name};
    start.input = boost::json::object{{"orderId", order.id}, {"amount", order.amount}};
    const auto started = co_await client.start_execution(start);
    if (!started) co_return Settlement{false, "could not start: " + started.error().to_string()};

    const cloudflow::WaitOptions wait{.timeout = 1min, .poll = 10s};
    const auto ended = co_await client.wait_for_execution("orders", execution_name, wait);
    if (!ended) co_return Settlement{false, "could not wait: " + ended.error().to_string()};
    if (ended->status != cloudflow::ExecutionStatus::succeeded || !ended->output)
        co_return Settlement{false, "the flow ended " + std::string(to_string(ended->status))};
    const boost::json::value* charged =
        ended->output->is_object() ? ended->output->as_object().if_contains("charged") : nullptr;
    co_return Settlement{charged && charged->is_bool() && charged->get_bool(), {}};
}

}  // namespace payments

namespace {

std::filesystem::path program;                       // cloudflow-local, or empty: found
std::filesystem::path flows_dir = SAMPLE_FLOWS_DIR;  // orders.yaml and orders.mocks.yaml

std::string read(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// cloudflow-local with the mock file, and the `orders` flow created from its YAML definition.
struct Harness {
    cloudflow::testing::LocalEmulator emulator;
    asio::io_context ioc;
    cloudflow::Client client;

    Harness()
        : emulator([] {
              cloudflow::testing::LocalEmulatorOptions options;
              options.executable = program;
              options.mocks_file = flows_dir / "orders.mocks.yaml";
              return options;
          }()),
          client(ioc.get_executor(), [this] {
              cloudflow::ClientConfig config;
              config.endpoint = emulator.url();
              config.credentials = cloudflow::testing::LocalEmulator::demo_credentials();
              return config;
          }())
    {
        cloudflow::CreateFlowRequest create{
            .name = "orders", .definition = read(flows_dir / "orders.yaml"), .description = "orders"};
        create.execution_mode = cloudflow::ExecutionMode::standard;
        auto created = run(client.create_flow(create));
        if (!created) throw std::runtime_error("CreateFlow: " + created.error().to_string());
    }

    template <class T>
    T run(asio::awaitable<T> task)
    {
        std::optional<T> out;
        asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e, T value) {
            if (e) std::rethrow_exception(e);
            out.emplace(std::move(value));
        });
        ioc.restart();
        ioc.run();
        return std::move(out.value());
    }

    // The types of the execution's history events, in order.
    std::vector<std::string> history(const std::string& execution)
    {
        std::vector<std::string> types;
        cloudflow::Paginator pages(
            client, cloudflow::GetExecutionHistoryRequest{.flow_name = "orders", .execution_name = execution});
        for (;;) {
            auto event = run(pages.next_item());
            if (!event) throw std::runtime_error("GetExecutionHistory: " + event.error().to_string());
            if (!*event) return types;
            types.emplace_back(to_string((*event)->type));
        }
    }
};

std::size_t count(const std::vector<std::string>& types, const std::string& type)
{
    return static_cast<std::size_t>(std::count(types.begin(), types.end(), type));
}

void an_order_is_charged()
{
    Harness h;
    const auto s = h.run(payments::settle(h.client, {"o-1", 20}, "Ok--o-1"));
    check(s.charged, "charged, got: " + s.problem);
    const auto types = h.history("Ok--o-1");
    check(count(types, "TaskScheduled") == 1, "one attempt");
}

void a_throttled_charge_is_retried()
{
    Harness h;
    const auto s = h.run(payments::settle(h.client, {"o-2", 20}, "Throttled--o-2"));
    check(s.charged, "charged after the retries, got: " + s.problem);
    const auto types = h.history("Throttled--o-2");
    check(count(types, "TaskScheduled") == 3, "three attempts");
    check(count(types, "TaskFailed") == 2, "the first two throttled");
    check(count(types, "TaskSucceeded") == 1, "the third charged");
}

void an_amount_of_zero_is_refused_by_the_flow()
{
    Harness h;
    const auto s = h.run(payments::settle(h.client, {"o-3", 0}, "o-3"));
    check(!s.charged, "not charged");
    check(s.problem == "the flow ended Failed", "the problem, got: " + s.problem);
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc > 3) {
        std::cerr << "usage: testing_with_flow_mocks [CLOUDFLOW_LOCAL [FLOWS_DIR]]\n";
        return 2;
    }
    if (argc >= 2) program = argv[1];
    if (argc == 3) flows_dir = argv[2];

    const sample::Test tests[] = {
        {"an order is charged", an_order_is_charged},
        {"a throttled charge is retried", a_throttled_charge_is_retried},
        {"an amount of 0 is refused by the flow", an_amount_of_zero_is_refused_by_the_flow},
    };
    return sample::run_tests(tests);
}
