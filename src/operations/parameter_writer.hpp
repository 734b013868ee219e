// Building an operation's parameters from its request, one line per field, with the service's
// rules checked on the way. The first broken rule is kept: the writer's result is then an
// invalid_request Error whose `field` names the parameter and whose message says the rule.
#pragma once

#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>

#include <cloudflow/model/environment.hpp>
#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/flow.hpp>
#include <cloudflow/model/flow_version.hpp>
#include <cloudflow/model/timestamp.hpp>

#include "rpc/parameter_list.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::detail {

// Bounds this SDK checks before sending, where the service publishes none: generous, so that no
// request the service takes is refused, and a runaway value is caught before it is signed.
inline constexpr std::size_t max_definition_chars = std::size_t{128} * 1024;  // a flow's definition
inline constexpr std::size_t max_description_chars = 1024;                    // any Description

class ParameterWriter {
public:
    explicit ParameterWriter(const RequestLimits& limits) : limits_(limits) {}

    // A flow or execution name: 1-128 characters of [A-Za-z0-9_-], starting with a letter or '_'.
    void name(std::string_view field, const std::string& value);
    void name(std::string_view field, const std::optional<std::string>& value);  // absent: not sent
    // A version or alias: 1-128 characters, no white space or control characters.
    void qualifier(std::string_view field, const std::optional<std::string>& value);
    // A JSON object given as a value or as text (at most one of them), within the input size limit.
    // `member` is the request's member, for the message when both are set ("input": input_json).
    void json_object(std::string_view field, std::string_view member, const std::optional<boost::json::value>& value,
                     const std::optional<std::string>& text);
    // The same, and one of the two must be set.
    void required_json_object(std::string_view field, std::string_view member,
                              const std::optional<boost::json::value>& value, const std::optional<std::string>& text);
    // Free text of `min_chars` (default 1) to `max_chars` characters (UTF-8 code points), e.g. an
    // error's Cause.
    void text(std::string_view field, const std::string& value, std::size_t max_chars, std::size_t min_chars = 1);
    void text(std::string_view field, const std::optional<std::string>& value, std::size_t max_chars);
    // An opaque token from the service (a TaskToken, a NextToken): not empty, at most 8 KiB, no
    // control characters. An empty optional one is not sent (a NextToken "" means the first page).
    void token(std::string_view field, const std::string& value);
    void optional_token(std::string_view field, const std::optional<std::string>& value);
    // An integer in [low, high].
    void integer(std::string_view field, const std::optional<long long>& value, long long low, long long high);
    void boolean(std::string_view field, const std::optional<bool>& value);
    // A UTC time, written as ISO 8601 with milliseconds.
    void time(std::string_view field, const std::optional<Timestamp>& value);
    // A status filter: one the service knows (not ExecutionStatus::unknown).
    void status(std::string_view field, const std::optional<ExecutionStatus>& value);
    // A number in [low, high], finite, written in its shortest decimal form.
    void number(std::string_view field, const std::optional<double>& value, double low, double high);
    // A flow's execution mode: one the service knows (not ExecutionMode::unknown).
    void mode(std::string_view field, const std::optional<ExecutionMode>& value);
    // A flow's environment, sent as the JSON text {"Variables":[{"Name","Value","Description"}]}.
    // Names are 1-128 characters without white space or control characters, and unique.
    void environment(std::string_view field, const std::optional<std::vector<EnvironmentVariable>>& value);
    // An alias's routing, sent as the JSON text [{"Version","Weight"}]: one or two distinct
    // versions, each weight finite and 0-100.
    void routing(std::string_view field, const std::vector<RoutingConfiguration>& value);
    void routing(std::string_view field, const std::optional<std::vector<RoutingConfiguration>>& value);

    // The parameters, or the first broken rule.
    Result<ParameterList> done() &&;

private:
    bool failed() const noexcept { return error_.has_value(); }
    void fail(std::string_view field, const std::string& rule);

    const RequestLimits& limits_;
    ParameterList params_;
    std::optional<Error> error_;
};

}  // namespace cloudflow::detail
