// The parameter rules the handlers share: reading and checking parameters the way the service does
// (a missing one is MissingRequiredParams, a bad one InvalidArgument naming it), and writing the
// numbers the answers carry. lookups.hpp finds what a request names; paging.hpp pages the lists.
#pragma once

#include "rpc/router.hpp"
#include "state/catalog.hpp"

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

// A JSON number as the answers write it: an integer when it is whole, else a double.
boost::json::value number_value(double v);
// The same as text ("30", "2.5"): ListFlowAliases writes weights as strings.
std::string number_text(double v);

}  // namespace cloudflow::local
