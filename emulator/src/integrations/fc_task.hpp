// FC:InvokeFunction against a local HTTP endpoint: the config file's "functions" map names, for
// a function's resourceArn or its name, the URL that serves it. The emulator POSTs `body` (a
// string as it is, anything else as JSON) and wraps the answer as {"Body": <JSON if it parses,
// else the text>}; an error answer becomes FC.<code>: the answer's ErrorCode (JSON), else its
// X-Fc-Error-Type header, else ResourceThrottled for 429, ResourceExhausted for 503, else
// HTTP<status>. Async with RequestComplete answers {"Body": ""} once the endpoint answered.
#pragma once

#include "integrations/outbound.hpp"
#include "integrations/task_call.hpp"
#include "lang/problem.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::local {

class FunctionEndpoints {
public:
    FunctionEndpoints() = default;
    // The config file's "functions" object: {"<resourceArn or name>": "http://127.0.0.1:9000/invoke"}.
    // A Problem names the key and why (not a string, not an http(s) URL).
    static Checked<FunctionEndpoints> parse(const boost::json::value& functions);
    // One endpoint more (cloudflow-local --function NAME=URL), replacing one of the same name; the
    // Problem says why the name or the URL is refused.
    Checked<void> add(const std::string& name, const std::string& url);

    // The URL for `resource_arn`: the ARN itself, else the function's name in it
    // (acs:fc:{region}:{account}:functions/{name}/{qualifier} or
    // acs:fc:{region}:{account}:services/{service}.{qualifier}/functions/{name}); nullopt: none.
    std::optional<std::string> find(std::string_view resource_arn) const;
    bool empty() const { return urls_.empty(); }

private:
    std::map<std::string, std::string, std::less<>> urls_;
};

// Checks literal Parameters when the flow is created: resourceArn (string), invocationType (Sync or
// Async), body (object or string).
Checked<void> check_fc_parameters(const boost::json::value& parameters);

boost::asio::awaitable<TaskResult> invoke_function(Outbound& outbound, const FunctionEndpoints& functions,
                                                   const TaskCall& call);

}  // namespace cloudflow::local
