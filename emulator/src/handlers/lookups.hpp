// What a request names, found for the handlers: the flow (and whether the key may use it), the
// execution, the version or the alias; each missing one is the service's 404.
#pragma once

#include "rpc/router.hpp"
#include "state/catalog.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::local {

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

// A version number as the answers write it ("1", "2", ...).
std::string version_text(std::uint64_t version);

}  // namespace cloudflow::local
