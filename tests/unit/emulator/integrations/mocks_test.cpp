// The mock file: what mocked Task states return or throw, per flow, test case and invocation.
#include "integrations/mocks.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace cloudflow::local;
namespace json = boost::json;

namespace {

// The header's example.
constexpr const char* example = R"({"Flows": {"orders": {"DefaultTestCase": "Ok",
                         "TestCases": {"Ok": {"Charge": "ChargeOk"}, "Flaky": {"Charge": "Throttled"}}}},
    "MockedResponses": {
      "ChargeOk":  {"0": {"Return": {"Body": {"charged": true}}}},
      "Throttled": {"0-1": {"Throw": {"Error": "FC.ResourceThrottled", "Cause": "busy"}},
                    "2": {"Return": {"Body": {"charged": true}}}}}})";

MockSet parsed(const char* text)
{
    auto set = MockSet::parse(json::parse(text));
    const std::string why = set ? "" : set.error().text();
    INFO(why);
    REQUIRE(set.has_value());
    return std::move(*set);
}

std::string refused(const char* text, const MockLimits& limits = {})
{
    auto set = MockSet::parse(json::parse(text), limits);
    REQUIRE_FALSE(set.has_value());
    return set.error().text();
}

// A mock file with one flow "f", test case "T" mocking state "S" with `responses`' entry "R".
std::string with_response(const std::string& entries)
{
    return R"({"Flows": {"f": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": )" + entries + "}}";
}

std::string refused_response(const std::string& entries, const MockLimits& limits = {})
{
    return refused(with_response(entries).c_str(), limits);
}

// A file in the temporary directory, removed with it.
struct TempFile {
    std::filesystem::path path;
    TempFile(const std::string& name, const std::string& text)
        : path(std::filesystem::temp_directory_path() / ("cloudflow-mocks-" + std::to_string(::getpid()) + "-" + name))
    {
        std::ofstream(path, std::ios::binary) << text;
    }
    ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("mocks: the header's example answers by test case and invocation", "[emulator][mocks]")
{
    const MockSet set = parsed(example);
    CHECK_FALSE(set.empty());

    auto ok = set.find("orders", "Ok", "Charge", 0);
    CHECK(ok.lookup == MockSet::Lookup::mocked);
    CHECK(ok.mock_name == "ChargeOk");
    REQUIRE(ok.response != nullptr);
    CHECK(ok.response->kind == MockedResponse::Kind::returns);
    CHECK(ok.response->value == json::parse(R"({"Body": {"charged": true}})"));
    // Only invocation 0 is answered: the second call of the state has nothing.
    const auto again = set.find("orders", "Ok", "Charge", 1);
    CHECK(again.lookup == MockSet::Lookup::no_response);
    CHECK(again.mock_name == "ChargeOk");
    CHECK(again.response == nullptr);

    for (std::size_t n : {0, 1}) {
        const auto flaky = set.find("orders", "Flaky", "Charge", n);
        REQUIRE(flaky.lookup == MockSet::Lookup::mocked);
        CHECK(flaky.response->kind == MockedResponse::Kind::throws);
        CHECK(flaky.response->error == "FC.ResourceThrottled");
        CHECK(flaky.response->cause == "busy");
    }
    CHECK(set.find("orders", "Flaky", "Charge", 2).response->kind == MockedResponse::Kind::returns);
    CHECK(set.find("orders", "Flaky", "Charge", 3).lookup == MockSet::Lookup::no_response);

    // States, test cases and flows the file does not name run for real.
    CHECK(set.find("orders", "Ok", "Ship", 0).lookup == MockSet::Lookup::not_mocked);
    CHECK(set.find("orders", "Missing", "Charge", 0).lookup == MockSet::Lookup::not_mocked);
    CHECK(set.find("billing", "Ok", "Charge", 0).lookup == MockSet::Lookup::not_mocked);
    CHECK(set.find("orders", "Ok", "Ship", 0).mock_name.empty());
}

TEST_CASE("mocks: an execution's name chooses its test case, else the default", "[emulator][mocks]")
{
    const MockSet set = parsed(example);
    std::string problem;
    CHECK(set.test_case("orders", "Flaky--run-1", &problem) == std::optional<std::string>("Flaky"));
    CHECK(set.test_case("orders", "Ok--x") == std::optional<std::string>("Ok"));
    CHECK(set.test_case("orders", "Flaky--") == std::optional<std::string>("Flaky"));
    CHECK(set.test_case("orders", "plain-name", &problem) == std::optional<std::string>("Ok"));
    CHECK(set.test_case("orders", "", &problem) == std::optional<std::string>("Ok"));
    CHECK(problem.empty());
    // A name that asks for a test case the flow lacks is a mistake: not the default.
    CHECK_FALSE(set.test_case("orders", "Flakey--run-1", &problem));
    CHECK(problem == "the execution name's test case \"Flakey\" (before \"--\") is not one of flow orders's test cases "
                     "in the mock file (Flaky, Ok)");
    CHECK_FALSE(set.test_case("orders", "Flakey--run-1"));  // without a place for the problem
    // A flow without mocks, and a flow without a DefaultTestCase.
    CHECK_FALSE(set.test_case("billing", "Ok--1", &problem));
    const MockSet no_default = parsed(R"({"Flows": {"f": {"TestCases": {"T": {}}}}})");
    CHECK_FALSE(no_default.test_case("f", "run"));
    CHECK(no_default.test_case("f", "T--run") == std::optional<std::string>("T"));
}

TEST_CASE("mocks: an empty file or set mocks nothing", "[emulator][mocks]")
{
    CHECK(MockSet().empty());
    CHECK(MockSet().find("f", "T", "S", 0).lookup == MockSet::Lookup::not_mocked);
    CHECK_FALSE(MockSet().test_case("f", "T--x"));
    CHECK(parsed("{}").empty());
    CHECK(parsed(R"({"MockedResponses": {"R": {"0": {"Return": 1}}}})").empty());
}

TEST_CASE("mocks: Return takes any JSON value, Throw's Cause is optional", "[emulator][mocks]")
{
    const MockSet set = parsed(with_response(R"({"0": {"Return": null}, "1": {"Return": [1, "x"]},
        "2": {"Throw": {"Error": "MyError"}}, "3-5": {"Return": "text"}})")
                                   .c_str());
    CHECK(set.find("f", "T", "S", 0).response->value.is_null());
    CHECK(set.find("f", "T", "S", 1).response->value == json::parse(R"([1, "x"])"));
    CHECK(set.find("f", "T", "S", 2).response->error == "MyError");
    CHECK(set.find("f", "T", "S", 2).response->cause.empty());
    for (std::size_t n : {3, 4, 5}) CHECK(set.find("f", "T", "S", n).response->value == json::value("text"));
    CHECK(set.find("f", "T", "S", 6).lookup == MockSet::Lookup::no_response);
}

TEST_CASE("mocks: unknown keys are refused where they are", "[emulator][mocks]")
{
    CHECK(refused(R"({"Flow": {}})") == "Flow: is not a key here (expected Flows, MockedResponses)");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {}, "Default": "x"}}})") ==
          "Flows.f.Default: is not a key here (expected DefaultTestCase, TestCases)");
    CHECK(refused_response(R"({"0": {"Return": 1, "Retrun": 2}})") ==
          "MockedResponses.R.0.Retrun: is not a key here (expected Return, Throw)");
    CHECK(refused_response(R"({"0": {"Throw": {"Error": "E", "Detail": "d"}}})") ==
          "MockedResponses.R.0.Throw.Detail: is not a key here (expected Error, Cause)");
}

TEST_CASE("mocks: every part has the type it must have", "[emulator][mocks]")
{
    CHECK(refused("[]") == "the mock file must be an object");
    CHECK(refused(R"({"Flows": []})") == "Flows: must be an object");
    CHECK(refused(R"({"Flows": {"f": 1}})") == "Flows.f: must be an object");
    CHECK(refused(R"({"Flows": {"f": {}}})") == "Flows.f: must have TestCases");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": []}}})") == "Flows.f.TestCases: must be an object");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {"T": "R"}}}})") == "Flows.f.TestCases.T: must be an object");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {"T": {"S": 1}}}}})") ==
          "Flows.f.TestCases.T.S: must be the name of a MockedResponses entry");
    CHECK(refused(R"({"MockedResponses": []})") == "MockedResponses: must be an object");
    CHECK(refused(R"({"MockedResponses": {"R": []}})") == "MockedResponses.R: must be an object");
    CHECK(refused(R"({"MockedResponses": {"R": {}}})") == "MockedResponses.R: must answer at least one invocation");
    CHECK(refused_response(R"({"0": 1})") == "MockedResponses.R.0: must be an object");
    CHECK(refused_response(R"({"0": {"Throw": "E"}})") == "MockedResponses.R.0.Throw: must be an object");
    CHECK(refused(R"({"Flows": {"": {"TestCases": {}}}})") == "Flows.: a flow needs a name");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {"": {}}}}})") == "Flows.f.TestCases.: a test case needs a name");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {"a--b": {}}}}})") ==
          "Flows.f.TestCases.a--b: a test case's name cannot hold \"--\" (it ends the test case's part of an "
          "execution's name)");
}

TEST_CASE("mocks: a test case names only existing responses", "[emulator][mocks]")
{
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {"T": {"S": "Missing"}}}},
                      "MockedResponses": {"R": {"0": {"Return": 1}}}})") ==
          "Flows.f.TestCases.T.S: names \"Missing\", which is not an entry of MockedResponses");
    CHECK(refused(R"({"Flows": {"f": {"TestCases": {"T": {"S": "R"}}}}})") ==
          "Flows.f.TestCases.T.S: names \"R\", which is not an entry of MockedResponses");
}

TEST_CASE("mocks: DefaultTestCase names a test case of its flow", "[emulator][mocks]")
{
    CHECK(refused(R"({"Flows": {"f": {"DefaultTestCase": "Nope", "TestCases": {"T": {}}},
                                "g": {"TestCases": {"Nope": {}}}}})") ==
          "Flows.f.DefaultTestCase: names \"Nope\", which is not one of the flow's TestCases");
    CHECK(refused(R"({"Flows": {"f": {"DefaultTestCase": 1, "TestCases": {"T": {}}}}})") ==
          "Flows.f.DefaultTestCase: must be the name of one of the flow's TestCases");
}

TEST_CASE("mocks: invocation keys are n or n-m, in bounds, apart", "[emulator][mocks]")
{
    const auto rule = "must be an invocation number \"n\" or a range \"n-m\" (decimal digits, from 0)";
    for (const char* key : {"", "-1", "1-", "-", "a", "1.5", " 1", "1 ", "+1", "1-2-3", "0x1", "1--2"})
        CHECK(refused_response(std::string(R"({")") + key + R"(": {"Return": 1}})") ==
              "MockedResponses.R." + std::string(key) + ": " + rule);
    CHECK(refused_response(R"({"3-1": {"Return": 1}})") ==
          "MockedResponses.R.3-1: is a range whose first invocation comes after its last");
    CHECK(refused_response(R"({"1000001": {"Return": 1}})") ==
          "MockedResponses.R.1000001: names an invocation after 1000000");
    CHECK(refused_response(R"({"0-99999999999999999999999": {"Return": 1}})") ==
          "MockedResponses.R.0-99999999999999999999999: names an invocation after 1000000");
    CHECK(refused_response(R"({"0-10": {"Return": 1}})", {.max_invocation = 9}) ==
          "MockedResponses.R.0-10: names an invocation after 9");
    CHECK(parsed(with_response(R"({"1000000": {"Return": 1}})").c_str()).find("f", "T", "S", 1'000'000).lookup ==
          MockSet::Lookup::mocked);

    CHECK(refused_response(R"({"0-1": {"Return": 1}, "1-2": {"Return": 2}})") ==
          "MockedResponses.R.1-2: overlaps the invocations of \"0-1\"");
    CHECK(refused_response(R"({"5": {"Return": 1}, "0-9": {"Return": 2}})") ==
          "MockedResponses.R.5: overlaps the invocations of \"0-9\"");
    CHECK(refused_response(R"({"1": {"Return": 1}, "01": {"Return": 2}})").find("overlaps") != std::string::npos);
    // Adjacent ranges are fine, in any order, and gaps answer nothing.
    const MockSet set =
        parsed(with_response(R"({"4-6": {"Return": 2}, "0-1": {"Return": 1}, "2": {"Return": 3}})").c_str());
    CHECK(set.find("f", "T", "S", 1).response->value == json::value(1));
    CHECK(set.find("f", "T", "S", 2).response->value == json::value(3));
    CHECK(set.find("f", "T", "S", 3).lookup == MockSet::Lookup::no_response);
    CHECK(set.find("f", "T", "S", 6).response->value == json::value(2));
    CHECK(set.find("f", "T", "S", 7).lookup == MockSet::Lookup::no_response);
}

TEST_CASE("mocks: an entry has exactly one of Return and Throw", "[emulator][mocks]")
{
    CHECK(refused_response(R"({"0": {}})") == "MockedResponses.R.0: must have exactly one of Return or Throw");
    CHECK(refused_response(R"({"0": {"Return": 1, "Throw": {"Error": "E"}}})") ==
          "MockedResponses.R.0: must have exactly one of Return or Throw");
}

TEST_CASE("mocks: Throw's Error and Cause are bounded strings", "[emulator][mocks]")
{
    const std::string error_rule = "must be a string of 1-128 characters";
    CHECK(refused_response(R"({"0-1": {"Throw": {"Cause": "c"}}})") ==
          "MockedResponses.R.0-1.Throw: must have an Error (the error name Retry and Catch match)");
    CHECK(refused_response(R"({"0-1": {"Throw": {"Error": ""}}})") ==
          "MockedResponses.R.0-1.Throw.Error: " + error_rule);
    CHECK(refused_response(R"({"0-1": {"Throw": {"Error": 5}}})") ==
          "MockedResponses.R.0-1.Throw.Error: " + error_rule);
    const std::string long_error(129, 'E');
    CHECK(refused_response(R"({"0": {"Throw": {"Error": ")" + long_error + R"("}}})") ==
          "MockedResponses.R.0.Throw.Error: " + error_rule);
    // Characters, not bytes: 128 two-byte characters are fine.
    std::string accented;
    for (int i = 0; i < 128; ++i) accented += "\xC3\xA9";
    CHECK(parsed(with_response(R"({"0": {"Throw": {"Error": ")" + accented + R"("}}})").c_str())
              .find("f", "T", "S", 0)
              .response->error == accented);

    const std::string cause_rule = "must be a string of at most 4096 characters";
    CHECK(refused_response(R"({"0": {"Throw": {"Error": "E", "Cause": 1}}})") ==
          "MockedResponses.R.0.Throw.Cause: " + cause_rule);
    CHECK(refused_response(R"({"0": {"Throw": {"Error": "E", "Cause": ")" + std::string(4097, 'c') + R"("}}})") ==
          "MockedResponses.R.0.Throw.Cause: " + cause_rule);
    CHECK(
        parsed(
            with_response(R"({"0": {"Throw": {"Error": "E", "Cause": ")" + std::string(4096, 'c') + R"("}}})").c_str())
            .find("f", "T", "S", 0)
            .response->cause.size() == 4096);
}

TEST_CASE("mocks: load reads JSON or YAML and names the file in its problems", "[emulator][mocks]")
{
    const TempFile yaml("ok.yaml", R"(# the header's example, in YAML
Flows:
  orders:
    DefaultTestCase: Ok
    TestCases:
      Ok: {Charge: ChargeOk}
      Flaky: {Charge: Throttled}
MockedResponses:
  ChargeOk:
    "0": {Return: {Body: {charged: true}}}
  Throttled:
    0-1: {Throw: {Error: FC.ResourceThrottled, Cause: busy}}
    2: {Return: {Body: {charged: true}}}
)");
    auto loaded = MockSet::load(yaml.path.string());
    REQUIRE(loaded.has_value());
    CHECK(loaded->find("orders", "Flaky", "Charge", 1).response->error == "FC.ResourceThrottled");
    CHECK(loaded->find("orders", "Flaky", "Charge", 2).response->value ==
          json::parse(R"({"Body": {"charged": true}})"));

    const TempFile json_file("ok.json", example);
    REQUIRE(MockSet::load(json_file.path.string()).has_value());

    const TempFile bad_key("bad-key.yaml", "MockedResponses:\n  R:\n    0: {Throw: {Error: ''}}\n");
    CHECK(MockSet::load(bad_key.path.string()).error().text() ==
          bad_key.path.string() + ": MockedResponses.R.0.Throw.Error: must be a string of 1-128 characters");

    const TempFile bad_yaml("bad.yaml", "Flows:\n  f: {\n");
    const auto syntax = MockSet::load(bad_yaml.path.string()).error();
    CHECK(syntax.where.starts_with(bad_yaml.path.string() + ": line "));

    const TempFile duplicate("dup.yaml", "Flows: {}\nFlows: {}\n");
    CHECK(MockSet::load(duplicate.path.string()).error().text() ==
          duplicate.path.string() + ": line 2, column 1: duplicate key \"Flows\"");

    const auto directory = std::filesystem::temp_directory_path().string();
    CHECK(MockSet::load(directory).error().text() == directory + ": cannot read the mock file");
    CHECK(MockSet::load("/nonexistent/mocks.yaml").error().text() ==
          "/nonexistent/mocks.yaml: cannot open the mock file: No such file or directory");
}

TEST_CASE("mocks: load refuses a file over the byte limit before reading it as a document", "[emulator][mocks]")
{
    const TempFile big("big.json",
                       R"({"MockedResponses": {"R": {"0": {"Return": ")" + std::string(2000, 'x') + R"("}}}})");
    CHECK(MockSet::load(big.path.string(), {.max_bytes = 1000}).error().text() ==
          big.path.string() + ": the mock file is larger than 1000 bytes");
    CHECK(MockSet::load(big.path.string(), {.max_bytes = 3000}).has_value());
    // More nodes than a definition may have (100,000), within the mock file's own bound.
    std::string many = R"({"MockedResponses": {"R": {"0": {"Return": [)";
    for (int i = 0; i < 150'000; ++i) many += i ? ",1" : "1";
    many += "]}}}}";
    const TempFile large("large.json", many);
    CHECK(MockSet::load(large.path.string()).has_value());
}
