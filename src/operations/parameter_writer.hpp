// Building an operation's parameters from its request, one line per field, with the service's
// rules checked on the way. The first broken rule is kept: the writer's result is then an
// invalid_request Error whose `field` names the parameter and whose message says the rule.
#pragma once

#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::detail {

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
    // Free text of 1 to `max_chars` characters (UTF-8 code points), e.g. an error's Cause.
    void text(std::string_view field, const std::string& value, std::size_t max_chars);
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

    // The parameters, or the first broken rule.
    Result<Parameters> done() &&;

private:
    bool failed() const noexcept { return error_.has_value(); }
    void fail(std::string_view field, std::string rule);

    const RequestLimits& limits_;
    Parameters params_;
    std::optional<Error> error_;
};

}  // namespace cloudflow::detail
