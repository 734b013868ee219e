#include "rpc/parameter_list.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <stdexcept>

namespace cloudflow::detail {

ParameterList::ParameterList(const Parameters& params)
{
    for (const auto& [name, value] : params) add(name, value);
}

void ParameterList::add(std::string_view name, std::string_view value)
{
    assert(!find(name));
    const std::size_t at = text_.size();
    const std::size_t needed = at + name.size() + value.size();
    if (needed > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("ParameterList: text too long");
    // Room for a typical operation's parameters at once (StartSyncExecution's three with a small
    // Input), then doubling: one allocation for most requests.
    if (needed > text_.capacity()) text_.reserve(std::max({needed, 2 * text_.capacity(), std::size_t{192}}));
    text_.append(name);
    text_.append(value);
    entries_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(name.size()),
                        static_cast<std::uint32_t>(at + name.size()), static_cast<std::uint32_t>(value.size())});
}

std::optional<std::string_view> ParameterList::find(std::string_view name) const noexcept
{
    for (const auto [n, v] : *this)
        if (n == name) return v;
    return std::nullopt;
}

std::string_view ParameterList::at(std::string_view name) const
{
    if (const auto value = find(name)) return *value;
    throw std::out_of_range("ParameterList::at: no parameter named " + std::string(name));
}

Parameters ParameterList::to_map() const
{
    Parameters map;
    for (const auto [name, value] : *this) map.emplace(name, value);
    return map;
}

}  // namespace cloudflow::detail
