// An operation's own parameters as the request builder reads them: name/value pairs whose text is
// kept in one buffer (one allocation for a typical request, where a Parameters map takes a node per
// parameter and a string per long value), in the order they were added.
#pragma once

#include <cloudflow/rpc/parameters.hpp>

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cloudflow::detail {

class ParameterList {
    struct Entry {
        std::uint32_t name_at, name_size, value_at, value_size;
    };

public:
    using value_type = std::pair<std::string_view, std::string_view>;  // name, value

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = ParameterList::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = value_type;

        const_iterator() = default;
        value_type operator*() const noexcept { return list_->pair(*entry_); }
        const_iterator& operator++() noexcept
        {
            ++entry_;
            return *this;
        }
        const_iterator operator++(int) noexcept
        {
            auto before = *this;
            ++entry_;
            return before;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) noexcept
        {
            return a.entry_ == b.entry_;
        }

    private:
        friend class ParameterList;
        const_iterator(const ParameterList* list, const Entry* entry) : list_(list), entry_(entry) {}
        const ParameterList* list_ = nullptr;
        const Entry* entry_ = nullptr;
    };

    ParameterList() = default;
    explicit ParameterList(const Parameters& params);

    // Adds `name` = `value`, both copied. Names are distinct: adding one already here is a defect
    // of the caller (each operation writes each of its fields once).
    void add(std::string_view name, std::string_view value);

    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    const_iterator begin() const noexcept { return {this, entries_.data()}; }
    const_iterator end() const noexcept { return {this, entries_.data() + entries_.size()}; }

    // The value of `name`, if it is here.
    std::optional<std::string_view> find(std::string_view name) const noexcept;
    bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    // The value of `name`; std::out_of_range when it is not here (as std::map::at).
    std::string_view at(std::string_view name) const;

    // The same parameters as a map (V3 signing, tests).
    Parameters to_map() const;
    friend bool operator==(const ParameterList& list, const Parameters& map) { return list.to_map() == map; }

private:
    value_type pair(const Entry& e) const noexcept
    {
        return {std::string_view(text_).substr(e.name_at, e.name_size),
                std::string_view(text_).substr(e.value_at, e.value_size)};
    }

    std::string text_;                                  // every name and value, one after another
    boost::container::small_vector<Entry, 6> entries_;  // six: as many as most operations send
};

}  // namespace cloudflow::detail
