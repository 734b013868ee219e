// ParameterList: an operation's parameters, their text copied into one buffer, read in the order
// they were added.
#include "rpc/parameter_list.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using cloudflow::Parameters;
using cloudflow::detail::ParameterList;

namespace {

std::vector<std::pair<std::string, std::string>> pairs(const ParameterList& list)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto [name, value] : list) out.emplace_back(name, value);
    return out;
}

}  // namespace

TEST_CASE("parameter list: pairs in the order added, their text copied", "[parameters]")
{
    ParameterList list;
    CHECK(list.empty());
    {
        std::string name = "FlowName", value = "orders";
        list.add(name, value);
        name.assign(40, 'x');
        value.assign(40, 'y');
    }
    list.add("Input", std::string(300, 'i'));  // past the first buffer: the text is moved, not lost
    list.add("Empty", "");
    CHECK(list.size() == 3);
    CHECK(pairs(list) == std::vector<std::pair<std::string, std::string>>{
                             {"FlowName", "orders"}, {"Input", std::string(300, 'i')}, {"Empty", ""}});
    CHECK(list.at("FlowName") == "orders");
    CHECK(list.find("Empty") == std::string_view());
    CHECK_FALSE(list.find("Flow"));
    CHECK(list.contains("Input"));
    CHECK_FALSE(list.contains("input"));
    CHECK_THROWS_AS(list.at("Qualifier"), std::out_of_range);
}

TEST_CASE("parameter list: more parameters than it keeps in place, copies and moves", "[parameters]")
{
    ParameterList list;
    Parameters expected;
    for (int i = 0; i < 20; ++i) {
        const std::string name = "P" + std::to_string(i);
        list.add(name, std::to_string(i * i));
        expected.emplace(name, std::to_string(i * i));
    }
    CHECK(list == expected);
    CHECK(list.to_map() == expected);

    // A copy and a move read their own text.
    ParameterList small;
    small.add("A", "b");
    ParameterList copy = small;
    ParameterList moved = std::move(small);
    CHECK(copy == Parameters{{"A", "b"}});
    CHECK(moved == Parameters{{"A", "b"}});

    const ParameterList from_map(expected);
    CHECK(from_map == expected);
    CHECK(pairs(from_map).front() == std::pair<std::string, std::string>{"P0", "0"});  // the map's order
}
