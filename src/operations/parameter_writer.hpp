// Building an operation's parameters from its request, one line per field, with the service's
// rules checked on the way. The first broken rule is kept: the writer's result is then an
// invalid_request Error whose `field` names the parameter and whose message says the rule.
#pragma once

#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include <boost/json/value.hpp>

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
    void json_object(std::string_view field, const std::optional<boost::json::value>& value,
                     const std::optional<std::string>& text);

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
