// libFuzzer target: read_definition on any text, as CreateFlow reads a Definition. Byte 0 chooses
// the flow's mode (Express or Standard) and whether a check of literal Parameters is given (a
// stand-in for the integrations': it refuses Parameters with a "refuse" key, at a path inside
// them); the rest is the text. Whatever the text: no crash, no leak, no runaway, and either
// - the legacy FDL: recognised, with no problem and no model;
// - problems: at least one, each saying what rule was broken, at most max_problems of them;
// - a model that holds together: every scope has states, its StartAt and every transition (Next,
//   a Choice's branches and Default, a Catch's Next) name a state of the same scope, names are
//   unique in a scope, a Wait has its Seconds, a Map its Processor, and state_count counts them all.
#include "flow/validate.hpp"

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

using namespace cloudflow::local;
using namespace cloudflow::local::flow;

namespace {

void check(bool holds)
{
    if (!holds) std::abort();
}

Checked<void> refuse_marked(std::string_view, const boost::json::value& parameters)
{
    if (const auto* object = parameters.if_object(); object != nullptr && object->contains("refuse"))
        return problem("refuse", "is refused by the fuzzer's check");
    return {};
}

// Walks a scope and the scopes inside it; returns the states it has, all scopes counted.
std::size_t walk(const StateMachine& machine, std::size_t depth)
{
    check(depth <= 64);
    const std::size_t size = machine.states.size();
    check(size > 0);
    check(machine.start < size);
    std::set<std::string> names;
    std::size_t count = size;
    for (const State& s : machine.states) {
        check(!s.name.empty());
        check(names.insert(s.name).second);
        check(!s.where.empty());
        if (s.target) check(*s.target < size);
        check(s.target.has_value() == !s.next.empty());
        for (const CatchRule& rule : s.catches) {
            check(rule.target < size);
            check(!rule.errors.empty());
        }
        for (const RetryRule& rule : s.retry) check(!rule.errors.empty() && rule.interval_seconds >= 1);
        switch (s.type) {
        case StateType::choice: {
            const auto& choice = std::get<Choice>(s.spec);
            check(!choice.branches.empty());
            for (const ChoiceBranch& branch : choice.branches) check(branch.target < size);
            check(choice.default_target < size);
            break;
        }
        case StateType::wait: {
            const auto& wait = std::get<Wait>(s.spec);
            check(wait.seconds.literal.has_value() != wait.seconds.expression.has_value());
            if (wait.seconds.literal) check(*wait.seconds.literal >= 1 && *wait.seconds.literal <= 300);
            break;
        }
        case StateType::task: check(!std::get<Task>(s.spec).action.empty()); break;
        case StateType::parallel: {
            const auto& parallel = std::get<Parallel>(s.spec);
            check(!parallel.branches.empty());
            for (const StateMachine& branch : parallel.branches) count += walk(branch, depth + 1);
            break;
        }
        case StateType::map: {
            const auto& map = std::get<Map>(s.spec);
            check(map.processor != nullptr);
            check(map.max_concurrency >= 1);
            count += walk(*map.processor, depth + 1);
            break;
        }
        case StateType::pass:
        case StateType::succeed:
        case StateType::fail: break;
        }
    }
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const FlowMode mode = (data[0] & 1) != 0 ? FlowMode::express : FlowMode::standard;
    DefinitionLimits limits;
    if ((data[0] & 2) != 0) limits.check_parameters = &refuse_marked;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

    const ReadDefinition read = read_definition(text, mode, limits);
    if (read.language == Language::legacy_fdl) {
        check(read.problems.empty() && !read.valid());
        return 0;
    }
    if (!read.valid()) {
        check(!read.problems.empty());
        check(read.problems.size() <= limits.max_problems);
        for (const Problem& p : read.problems) check(!p.what.empty());
        check(!read.summary().empty());
        return 0;
    }
    check(read.problems.empty());
    const Definition& definition = *read.definition;
    check(definition.mode == mode);
    check(walk(definition.root, 0) == definition.state_count);
    check(definition.state_count <= limits.max_states);
    return 0;
}
