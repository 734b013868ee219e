// libFuzzer target: cloudflow-local's expression language. The fuzzer's bytes are an expression's
// text, compiled with the default limits; when it compiles, it is evaluated against a small fixed
// scope ($Output absent) with a deterministic Random. Whatever the text: no crash, no stack
// overflow, no hang (the steps are bounded), and either a Problem that says something, or a value
// within max_value_bytes whose JSON text reads back (no Infinity, no bytes that are not UTF-8).
// (Not "reads back as itself": Boost.JSON 1.81 may read a double back one unit in the last place off.)
#include "expr/expression.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace cloudflow::local;

namespace {

// SplitMix64 from a fixed seed: the same input draws the same values.
class Deterministic : public expr::Random {
public:
    std::uint64_t next() override
    {
        std::uint64_t z = state_ += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_ = 1;
};

const boost::json::value input = boost::json::parse(R"({"a": 1, "s": "text", "list": [1, 2, 3],
    "obj": {"k": "v", "n": [true, null]}, "n": null, "d": 2.5, "big": 18446744073709551615})");
const boost::json::value context = boost::json::parse(
    R"({"Execution": {"Name": "run", "Input": {"order": {"items": [{"sku": "x-1"}]}}}, "Current": {"Name": "S"}})");
const boost::json::value global = boost::json::parse(R"({"count": 3})");
const boost::json::value item = boost::json::parse(R"({"id": "i-1"})");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const expr::Limits limits;
    const auto compiled = expr::Expression::compile(text, limits);
    if (!compiled) {
        if (compiled.error().what.empty()) std::abort();
        return 0;
    }
    Deterministic random;
    expr::Scope scope;
    scope.input = &input;
    scope.context = &context;
    scope.global = &global;
    scope.item = &item;
    scope.random = &random;
    const auto value = compiled->evaluate(scope, limits);
    if (!value) {
        if (value.error().what.empty()) std::abort();
        return 0;
    }
    const std::string json = boost::json::serialize(*value);
    if (json.size() > limits.max_value_bytes) std::abort();
    boost::system::error_code ec;
    boost::json::parse(json, ec);
    if (ec) std::abort();
    return 0;
}
