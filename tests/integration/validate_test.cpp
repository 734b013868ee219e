// cloudflow-local's command line for flows: `--validate FILE...` as a linter (the same rules as
// CreateFlow, each problem printed, the exit status), and the start refused, with the key and the
// reason, when a mock file, a config file's definition or a --function is bad.
#include "support/process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace cloudflow::test;

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        char name[] = "/tmp/cloudflow-validate-XXXXXX";
        dir = ::mkdtemp(name);
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const
    {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    }
};

ProcessResult local(std::vector<std::string> args)
{
    args.insert(args.begin(), CLOUDFLOW_LOCAL_PATH);
    return run_process(args);
}

constexpr const char* good = R"(Type: StateMachine
SpecVersion: v1
StartAt: Greet
States:
  - {Type: Pass, Name: Greet, End: true}
)";

constexpr const char* bad = R"(Type: StateMachine
SpecVersion: v1
StartAt: Order
States:
  - {Type: Pass, Name: Order, Next: Charge}
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Retry: [{Errors: [FnF.ALL], MaxAttempts: 3, IntervalSeconds: 0}]
    Next: Nowhere
)";

}  // namespace

TEST_CASE("cloudflow-local --validate: valid files exit 0, each problem is printed and exits 1", "[validate]")
{
    Scratch s;
    const std::string ok = s.write("ok.yaml", good);
    const std::string json = s.write("ok.json", R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "A",
        "States": [{"Type": "Succeed", "Name": "A"}]})");
    const std::string fdl =
        s.write("legacy.yaml", "version: v1beta1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n");

    ProcessResult r = local({"--validate", ok, json, fdl});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == ok + ": valid (1 states)\n" + json + ": valid (1 states)\n" + fdl +
                       ": valid, in the legacy FDL: cloudflow-local stores it and does not run it\n");

    const std::string wrong = s.write("wrong.yaml", bad);
    r = local({"--validate", ok, wrong, (s.dir / "missing.yaml").string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out == ok + ": valid (1 states)\n" + wrong +
                       ": States[1] (Charge).Retry[0].IntervalSeconds: must be 1-86400 (got 0)\n" + wrong +
                       ": States[1] (Charge).Next: names no state of its States (got Nowhere)\n" +
                       (s.dir / "missing.yaml").string() + ": cannot read it\n");
    // No server started: nothing about listening.
    CHECK(r.out.find("listening") == std::string::npos);
}

TEST_CASE("cloudflow-local --validate --mode express applies Express's rules", "[validate]")
{
    Scratch s;
    const std::string wait = s.write("wait.yaml", R"(Type: StateMachine
SpecVersion: v1
StartAt: W
States:
  - {Type: Wait, Name: W, Seconds: 60, End: true}
)");
    CHECK(local({"--validate", wait}).exit_code == 0);
    const ProcessResult r = local({"--mode", "express", "--validate", wait});
    CHECK(r.exit_code == 1);
    CHECK(r.out == wait + ": States[0] (W).Seconds: must be 1-20 in an Express flow (got 60)\n");
    // Options may come between and after the files.
    const ProcessResult after = local({"--validate", "--mode", "express", wait});
    CHECK(after.exit_code == 1);
    CHECK(after.out == r.out);
    CHECK(local({"--mode", "turbo", "--validate", wait}).exit_code == 2);
    CHECK(local({"--validate"}).exit_code == 2);
}

TEST_CASE("cloudflow-local refuses to start with a bad mock file, naming the key and the reason", "[validate]")
{
    Scratch s;
    const std::string mocks = s.write("mocks.yaml", R"(Flows:
  orders:
    DefaultTestCase: Ok
    TestCases:
      Ok: {Charge: ChargeOk}
MockedResponses:
  ChargeOk:
    "0": {Return: {Body: {charged: true}}, Throw: {Error: X}}
)");
    const ProcessResult r = local({"--mocks", mocks, "--port", "0"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--mocks: ") && Catch::Contains("MockedResponses.ChargeOk.0"));
    CHECK(local({"--mocks", (s.dir / "none.yaml").string()}).exit_code == 2);
}

TEST_CASE("cloudflow-local refuses a config file whose flow's definition is invalid, naming the flow", "[validate]")
{
    Scratch s;
    const std::string config = s.write(
        "config.yaml", std::string(R"(access_keys: [{id: k, secret: s}]
flows:
  - name: orders
    mode: standard
    definition: |
)") + [] {
            std::string indented;
            std::string line;
            std::istringstream in(bad);
            while (std::getline(in, line)) indented += "      " + line + "\n";
            return indented;
        }());
    const ProcessResult r = local({"--config", config});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("flow orders: the definition is invalid: States[1] (Charge).Retry[0]."
                                      "IntervalSeconds: must be 1-86400 (got 0) (and 1 more problem)"));
}

TEST_CASE("cloudflow-local refuses a --function that is not NAME=URL or whose URL is not http(s)", "[validate]")
{
    CHECK(local({"--function", "echo"}).exit_code == 2);
    const ProcessResult r = local({"--function", "echo=ftp://127.0.0.1/x"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--function echo=ftp://127.0.0.1/x: "));
}
