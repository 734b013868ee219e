// The golden bodies of tests/fixtures/fnf/<Action>.json, and the checks of cloudflow-local's
// success bodies against them: a misspelt or mistyped field would break the SDK's decoding.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace cloudflow::test {

inline boost::json::value golden_body(const std::string& action)
{
    std::ifstream in(std::string(CLOUDFLOW_FNF_FIXTURES) + "/" + action + ".json");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str());
}

// Every member of `ours` is in `golden`, with the same JSON type (arrays: against the golden's
// first element).
inline void check_shape(const boost::json::value& ours, const boost::json::value& golden, const std::string& path)
{
    INFO(path);
    REQUIRE(ours.kind() == golden.kind());
    if (ours.is_object()) {
        for (const auto& [key, value] : ours.as_object()) {
            INFO("member " << path << "." << key);
            REQUIRE(golden.as_object().contains(key));
            check_shape(value, golden.as_object().at(key), path + "." + std::string(key));
        }
    } else if (ours.is_array() && !golden.as_array().empty()) {
        for (const auto& item : ours.as_array()) check_shape(item, golden.as_array().front(), path + "[]");
    }
}

// Every member of `golden` is in `ours` too, except those `optional` names by path
// ("Action.Member", "Action.List[].Member"); arrays are compared by their first elements.
inline void check_complete(const boost::json::value& ours, const boost::json::value& golden, const std::string& path,
                           const std::set<std::string>& optional)
{
    if (golden.is_object() && ours.is_object()) {
        for (const auto& [key, value] : golden.as_object()) {
            const std::string member = path + "." + std::string(key);
            if (optional.contains(member)) continue;
            INFO("member " << member << " is missing");
            REQUIRE(ours.as_object().contains(key));
            check_complete(ours.as_object().at(key), value, member, optional);
        }
    } else if (golden.is_array() && ours.is_array() && !golden.as_array().empty() && !ours.as_array().empty()) {
        check_complete(ours.as_array().front(), golden.as_array().front(), path + "[]", optional);
    }
}

inline void check_against_fixture(const std::string& action, const boost::json::object& body,
                                  const std::set<std::string>& optional = {"*"})
{
    INFO(action << ": " << boost::json::serialize(body));
    CHECK(body.contains("RequestId"));
    const auto golden = golden_body(action);
    check_shape(body, golden, action);
    if (!optional.contains("*")) check_complete(body, golden, action, optional);
}

}  // namespace cloudflow::test
