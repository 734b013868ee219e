#include "handlers/paging.hpp"

#include "handlers/params.hpp"

namespace cloudflow::local {

std::optional<std::uint64_t> page_start(const RpcContext& ctx, const std::string& scope)
{
    const std::string* token = optional(ctx, "NextToken");
    if (!token || token->empty()) return std::nullopt;
    auto position = ctx.backend.store.read_page_token(scope, *token);
    if (!position) throw invalid("The NextToken is not valid.");
    return position;
}

}  // namespace cloudflow::local
