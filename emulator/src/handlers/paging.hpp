// The pages of the List actions: a list kept in a std::map by a stable position (a creation
// serial, a version number), read a page at a time from the position an opaque NextToken carries,
// oldest first or newest first, so that what is added later never moves a page handed out.
#pragma once

#include "rpc/router.hpp"
#include "state/store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::local {

// A page's start: the position a NextToken of `scope` carries; nullopt without a token; 400
// InvalidArgument for a token the emulator did not issue for `scope`.
std::optional<std::uint64_t> page_start(const RpcContext& ctx, const std::string& scope);

enum class PageOrder { oldest_first, newest_first };

// The page of `all` from `start` (none: the list's first), in `order`: at most `limit` entries that
// `keep(value)` accepts, each written by `item(value)`, under `key`; and the NextToken of `scope`
// when more remain.
template <class Map, class Keep, class Item>
boost::json::object page(const RpcContext& ctx, const std::string& scope, std::optional<std::uint64_t> start,
                         const Map& all, PageOrder order, std::size_t limit, std::string_view key, Keep keep, Item item)
{
    boost::json::array items;
    std::optional<std::uint64_t> next;
    const auto visit = [&](auto first, auto last) {
        for (; first != last; ++first) {
            if (!keep(first->second)) continue;
            if (items.size() == limit) {
                next = first->first;
                return;
            }
            items.push_back(item(first->second));
        }
    };
    if (order == PageOrder::oldest_first)
        visit(start ? all.lower_bound(*start) : all.begin(), all.end());
    else
        visit(std::make_reverse_iterator(start ? all.upper_bound(*start) : all.end()), all.rend());
    boost::json::object body{{key, std::move(items)}};
    if (next) body["NextToken"] = ctx.backend.store.page_token(scope, *next);
    return body;
}

}  // namespace cloudflow::local
