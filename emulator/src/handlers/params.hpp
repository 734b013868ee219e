// What the handlers share: reading and checking parameters the way the service does (a missing
// one is MissingRequiredParams, a bad one InvalidArgument naming it), finding the flow, the
// execution, the version or the alias a request names, and writing numbers the answers carry.
#pragma once

#include "rpc/router.hpp"
#include "state/catalog.hpp"
#include "state/now.hpp"

#include <cloudflow/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::local {

// The longest description (of a flow, version, alias or schedule) accepted, in characters.
inline constexpr std::size_t max_description = 256;

Refusal invalid(std::string message);

const std::string* optional(const RpcContext& ctx, const char* name);
// Present and not empty, else MissingRequiredParams.
const std::string& required(const RpcContext& ctx, const char* name);
// A flow, execution, alias or schedule name: present when `needed`, and following the name rules.
const std::string* name(const RpcContext& ctx, const char* field, bool needed);
// A whole number in [lo, hi]; `fallback` when absent.
long long integer(const RpcContext& ctx, const char* field, long long lo, long long hi, long long fallback);
// `text` as a finite decimal number ("12.5"; no exponent, no sign of +), or nullopt.
std::optional<double> parse_decimal(std::string_view text);
// A decimal number in [lo, hi]; nullopt when absent.
std::optional<double> decimal(const RpcContext& ctx, const char* field, double lo, double hi);
// `true` or `false`; nullopt when absent.
std::optional<bool> boolean(const RpcContext& ctx, const char* field);
// At most `characters` characters (not bytes).
void at_most(const RpcContext& ctx, const char* field, std::size_t characters);
// A JSON object given as text (Input, Output, Payload), within the size and depth limits;
// `{}` when absent or empty.
boost::json::value json_object(const RpcContext& ctx, const char* field, const std::string* text);

// The flow, if it exists and the key may use it: 404 FlowNotExists, 403 AccessDenied.
Flow& flow_for(const RpcContext& ctx, const std::string& flow_name);
// 403 AccessDenied when the key may not use a flow of that name.
void check_access(const RpcContext& ctx, const std::string& flow_name);
std::shared_ptr<Execution> execution_for(const RpcContext& ctx, const std::string& flow, const std::string& name);

// A version number: "1", "2", ... (digits, no leading zero); nullopt otherwise.
std::optional<std::uint64_t> version_number(std::string_view text);
// A version of `flow` by its text: InvalidArgument when it is not a number, 404
// FlowVersionNotExists when there is no such version.
FlowVersion& version_for(const RpcContext& ctx, Flow& flow, const char* field, const std::string& text);
Refusal version_not_exists(const Flow& flow, std::string_view version);
Refusal alias_not_exists(const Flow& flow, std::string_view alias);

// A page's start: the position a NextToken of `scope` carries; nullopt without a token; 400
// InvalidArgument for a token the emulator did not issue for `scope`.
std::optional<std::uint64_t> page_start(const RpcContext& ctx, const std::string& scope);

// A JSON number as the answers write it: an integer when it is whole, else a double.
boost::json::value number_value(double v);
// The same as text ("30", "2.5"): ListFlowAliases writes weights as strings.
std::string number_text(double v);

}  // namespace cloudflow::local
