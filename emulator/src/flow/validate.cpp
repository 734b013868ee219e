#include "flow/validate.hpp"
#include "lang/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <map>

namespace cloudflow::local::flow {
namespace {

namespace json = boost::json;

// The ranges of the service's docs (../shared/reference/cloudflow-spec.md): Wait by mode, a Task's
// Timeout, Retry's intervals, Map's concurrency and items.
constexpr long long max_wait_standard = 300;
constexpr long long max_wait_express = 20;
constexpr long long max_task_timeout = 604'800;
constexpr long long max_interval = 86'400;
constexpr long long max_retry_attempts = 1'000;  // emulator's bound: the docs give none
constexpr double max_backoff_rate = 10;          // emulator's bound: the docs give none
constexpr long long max_inline_concurrency = 40;
constexpr long long max_distributed_concurrency = 100;
constexpr long long max_map_items = 10'000;
constexpr std::size_t max_name = 128;
constexpr std::size_t max_error_name = 128;
constexpr std::size_t max_detail = 4'096;

// A value as a problem quotes it: compact JSON with numbers as a definition writes them (0.5, not
// Boost.JSON's 5E-1), cut to 60 bytes between characters (a problem is UTF-8 text: CreateFlow's
// answer quotes it). The document reader bounded its depth.
std::string shown(const json::value& v)
{
    std::string text = json_text(v);
    if (text.size() <= 60) return text;
    std::size_t end = 57;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // a continuation byte
    return text.substr(0, end) + "...";
}

std::string got(const json::value& v)
{
    return " (got " + std::string(json_kind(v)) + (v.is_object() || v.is_array() ? "" : ": " + shown(v)) + ")";
}

std::string join(const std::string& where, std::string_view field)
{
    return where.empty() ? std::string(field) : where + "." + std::string(field);
}

std::string list(std::initializer_list<std::string_view> names)
{
    std::string out;
    for (const auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

// Fields a Spec v1 author may have brought from elsewhere (the emulator's former dialect, Step
// Functions, the 2023 revision), each with what to write instead.
std::optional<std::string_view> hint(std::string_view field)
{
    static const std::map<std::string_view, std::string_view> hints{
        {"Result", "Spec v1's states have no Result: build the output with OutputConstructor"},
        {"Choices", "Spec v1's Choice has Branches, each with a Condition and a Next"},
        {"TimeoutSeconds", "Spec v1's Task writes Timeout"},
        {"ItemProcessor", "Spec v1's Map writes Processor"},
        {"OnErrors", "OnErrors is the 2023 revision's field: write Retry and Catch"},
        {"InputPath", "Spec v1 shapes input with InputConstructor"},
        {"OutputPath", "Spec v1 shapes output with OutputConstructor"},
        {"ResultPath", "Spec v1 shapes output with OutputConstructor"},
        {"Error", "a Fail state writes Code and Detail"},
        {"Cause", "a Fail state writes Code and Detail"},
    };
    const auto it = hints.find(field);
    if (it == hints.end()) return std::nullopt;
    return it->second;
}

std::string variable_name(unsigned bit)
{
    switch (bit) {
    case expr::input: return "$Input";
    case expr::output: return "$Output";
    case expr::context: return "$Context";
    case expr::global: return "$Global";
    case expr::item: return "$Item";
    default: return "a variable";
    }
}

// Where each variable may be read.
constexpr unsigned before_work = expr::input | expr::context | expr::global;  // InputConstructor, Parameters, ...
constexpr unsigned after_work = before_work | expr::output;                   // OutputConstructor, GlobalConstructor
constexpr unsigned in_catch = before_work;                                    // a failed state has no output
constexpr unsigned in_item_constructor = before_work | expr::item;

std::string unavailable(unsigned bit)
{
    if (bit == expr::output) return "reads $Output, which only OutputConstructor and GlobalConstructor have";
    if (bit == expr::item) return "reads $Item, which only a distributed Map's ItemConstructor has";
    return "reads " + variable_name(bit) + ", which is not available here";
}

class Validator {
public:
    Validator(FlowMode mode, const DefinitionLimits& limits) : mode_(mode), limits_(limits) {}

    ReadDefinition run(const json::value& document)
    {
        const json::object* top = document.if_object();
        if (top == nullptr) {
            problem("", "a definition must be a map (got " + std::string(json_kind(document)) + ")");
            return finish(nullptr);
        }
        if (!top->contains("Type") && top->contains("type")) {
            const json::value* type = top->if_contains("type");
            if (type->is_string() && type->get_string() == "flow" && top->contains("steps")) {
                ReadDefinition out;
                out.language = Language::legacy_fdl;
                return out;
            }
        }
        if (!top->contains("Type")) {
            problem("Type", "is required: a Spec v1 definition starts with Type: StateMachine and SpecVersion: v1 "
                            "(the legacy FDL starts with type: flow and has steps)");
            return finish(nullptr);
        }
        auto definition = std::make_shared<Definition>();
        definition->mode = mode_;
        known_fields(*top, "", "a definition", {"Type", "SpecVersion", "Name", "Description", "StartAt", "States"});
        if (const json::value* type = top->if_contains("Type");
            !type->is_string() || type->get_string() != "StateMachine")
            problem("Type", "must be StateMachine" + got(*type));
        if (const json::value* version = top->if_contains("SpecVersion")) {
            if (!version->is_string() || version->get_string() != "v1")
                problem("SpecVersion", "must be v1, the only version of the language" + got(*version));
        } else {
            problem("SpecVersion", "is required (v1)");
        }
        definition->name = text(*top, "Name", "", max_name);
        definition->description = text(*top, "Description", "", max_detail);
        definition->root = machine(*top, "", 0);
        definition->state_count = states_;
        definition->callbacks = callbacks_;
        definition->waits = waits_;
        return finish(std::move(definition));
    }

private:
    ReadDefinition finish(std::shared_ptr<Definition> definition)
    {
        ReadDefinition out;
        out.problems = std::move(problems_);
        out.more_problems = more_problems_;
        if (out.problems.empty()) out.definition = std::move(definition);
        return out;
    }

    void problem(std::string where, std::string what)
    {
        if (problems_.size() < limits_.max_problems)
            problems_.push_back(Problem{std::move(where), std::move(what)});
        else
            ++more_problems_;
    }

    // Refuses every field not in `allowed`, saying what the object has (and, for a field brought
    // from elsewhere, what to write).
    void known_fields(const json::object& o, const std::string& where, std::string_view what,
                      std::initializer_list<std::string_view> allowed)
    {
        for (const auto& [key, value] : o) {
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            std::string why = "unknown field of " + std::string(what);
            if (const auto h = hint(key)) why += ": " + std::string(*h);
            why += " (it has " + list(allowed) + ")";
            problem(join(where, key), std::move(why));
        }
    }

    // An optional string field of at most `max` characters; "" when absent or wrong.
    std::string text(const json::object& o, std::string_view key, const std::string& where, std::size_t max,
                     bool required = false)
    {
        const json::value* v = o.if_contains(key);
        if (v == nullptr) {
            if (required) problem(join(where, key), "is required");
            return {};
        }
        if (!v->is_string()) {
            problem(join(where, key), "must be a string" + got(*v));
            return {};
        }
        const std::string_view s = v->get_string();
        if (required && s.empty()) {
            problem(join(where, key), "must not be empty");
            return {};
        }
        if (s.size() > max) {
            problem(join(where, key),
                    "must be at most " + std::to_string(max) + " characters (got " + std::to_string(s.size()) + ")");
            return {};
        }
        return std::string(s);
    }

    // A whole number in [lo, hi]; `digits_as_text` also takes a string of digits (Timeout: "30").
    std::optional<long long> whole(const json::value& v, const std::string& where, long long lo, long long hi,
                                   bool digits_as_text = false, std::string_view qualifier = "")
    {
        std::optional<long long> n;
        if (v.is_int64())
            n = v.get_int64();
        else if (v.is_uint64())
            n = hi + 1;  // beyond any range here
        else if (digits_as_text && v.is_string() && !v.get_string().empty() && v.get_string().size() <= 18 &&
                 std::all_of(v.get_string().begin(), v.get_string().end(), [](char c) { return c >= '0' && c <= '9'; }))
            n = std::stoll(std::string(v.get_string()));
        const std::string range = std::to_string(lo) + "-" + std::to_string(hi);
        if (!n) {
            problem(where, "must be a whole number " + range + std::string(qualifier) + got(v));
            return std::nullopt;
        }
        if (*n < lo || *n > hi) {
            problem(where, "must be " + range + std::string(qualifier) + " (got " + shown(v) + ")");
            return std::nullopt;
        }
        return n;
    }

    std::optional<double> number(const json::value& v, const std::string& where, double lo, double hi)
    {
        // The bounds as a reader writes them: 0-100, 1-10.
        const auto bound = [](double d) {
            return d == std::floor(d) ? std::to_string(static_cast<long long>(d)) : json_text(json::value(d));
        };
        const std::string range = bound(lo) + "-" + bound(hi);
        if (!v.is_number()) {
            problem(where, "must be a number " + range + got(v));
            return std::nullopt;
        }
        const double d = v.to_number<double>();
        if (d < lo || d > hi) {
            problem(where, "must be " + range + " (got " + shown(v) + ")");
            return std::nullopt;
        }
        return d;
    }

    // Names that `variables` read beyond `allowed` are problems at `where`.
    void check_variables(unsigned variables, unsigned allowed, const std::string& where)
    {
        for (unsigned bit = 1; bit <= expr::item; bit <<= 1)
            if ((variables & bit) != 0 && (allowed & bit) == 0) problem(where, unavailable(bit));
    }

    std::optional<expr::Expression> expression(const json::value& v, const std::string& where, unsigned allowed)
    {
        if (!v.is_string()) {
            problem(where, "must be an expression (a string)" + got(v));
            return std::nullopt;
        }
        auto compiled = expr::Expression::compile(v.get_string(), limits_.expressions);
        if (!compiled) {
            const Problem& p = compiled.error();
            problem(p.where.empty() ? where : where + " " + p.where, p.what);
            return std::nullopt;
        }
        check_variables(compiled->variables(), allowed, where);
        return std::move(*compiled);
    }

    std::optional<expr::Template> constructor(const json::object& o, std::string_view key, const std::string& where,
                                              unsigned allowed)
    {
        const json::value* v = o.if_contains(key);
        if (v == nullptr) return std::nullopt;
        const std::string at = join(where, key);
        if (!v->is_object()) {
            problem(at, "must be a map of keys to values" + got(*v));
            return std::nullopt;
        }
        std::vector<Problem> more;
        auto compiled = expr::Template::compile(*v, limits_.expressions, more);
        if (!compiled) {
            more.insert(more.begin(), compiled.error());
            for (const auto& p : more) problem(p.within(at).where, p.what);
            return std::nullopt;
        }
        check_variables(compiled->variables(), allowed, at);
        return std::move(*compiled);
    }

    // Seconds / Seconds.$, Timeout / Timeout.$: one or the other.
    std::optional<Amount> amount(const json::object& o, std::string_view key, const std::string& where, long long lo,
                                 long long hi, bool digits_as_text, std::string_view qualifier)
    {
        const std::string dynamic = std::string(key) + ".$";
        const json::value* literal = o.if_contains(key);
        const json::value* expression_text = o.if_contains(dynamic);
        if (literal != nullptr && expression_text != nullptr) {
            problem(join(where, dynamic), "cannot be given with " + std::string(key) + ": write one of them");
            return std::nullopt;
        }
        Amount out;
        if (literal != nullptr) {
            out.literal = whole(*literal, join(where, key), lo, hi, digits_as_text, qualifier);
            if (!out.literal) return std::nullopt;
        } else if (expression_text != nullptr) {
            out.expression = expression(*expression_text, join(where, dynamic), before_work);
            if (!out.expression) return std::nullopt;
        } else {
            return std::nullopt;
        }
        return out;
    }

    std::vector<std::string> error_names(const json::object& rule, const std::string& where)
    {
        std::vector<std::string> out;
        const json::value* errors = rule.if_contains("Errors");
        if (errors == nullptr) {
            problem(join(where, "Errors"), "is required: the error names the rule matches (FnF.ALL: every error)");
            return out;
        }
        if (!errors->is_array() || errors->get_array().empty()) {
            problem(join(where, "Errors"), "must be a list of one or more error names" + got(*errors));
            return out;
        }
        const json::array& names = errors->get_array();
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string at = join(where, "Errors") + "[" + std::to_string(i) + "]";
            if (!names[i].is_string() || names[i].get_string().empty() || names[i].get_string().size() > max_error_name)
                problem(at, "must be an error name of 1-128 characters" + got(names[i]));
            else
                out.emplace_back(names[i].get_string());
        }
        return out;
    }

    // A list of at most max_rules rules (Retry's or Catch's), each a map: `rule(map, its where)`
    // reads each one.
    template <class Rule, class Read>
    std::vector<Rule> rules(const json::value& v, const std::string& where, Read read)
    {
        std::vector<Rule> out;
        if (!v.is_array()) {
            problem(where, "must be a list of rules" + got(v));
            return out;
        }
        if (v.get_array().size() > limits_.max_rules) {
            problem(where, "must have at most " + std::to_string(limits_.max_rules) + " rules (got " +
                               std::to_string(v.get_array().size()) + ")");
            return out;
        }
        for (std::size_t i = 0; i < v.get_array().size(); ++i) {
            const std::string at = where + "[" + std::to_string(i) + "]";
            if (const json::object* o = v.get_array()[i].if_object())
                out.push_back(read(*o, at));
            else
                problem(at, "must be a map" + got(v.get_array()[i]));
        }
        return out;
    }

    RetryRule retry(const json::object& o, const std::string& at)
    {
        known_fields(o, at, "a Retry rule",
                     {"Errors", "Description", "MaxAttempts", "IntervalSeconds", "BackoffRate", "MaxBackoffSeconds"});
        RetryRule rule;
        rule.errors = error_names(o, at);
        text(o, "Description", at, max_detail);
        if (const json::value* n = o.if_contains("MaxAttempts")) {
            if (auto attempts = whole(*n, join(at, "MaxAttempts"), 0, max_retry_attempts))
                rule.max_attempts = *attempts;
        } else {
            problem(join(at, "MaxAttempts"), "is required: the most retries after the first attempt");
        }
        if (const json::value* n = o.if_contains("IntervalSeconds")) {
            if (auto seconds = whole(*n, join(at, "IntervalSeconds"), 1, max_interval))
                rule.interval_seconds = *seconds;
        } else {
            problem(join(at, "IntervalSeconds"), "is required: the seconds before the first retry");
        }
        if (const json::value* n = o.if_contains("BackoffRate"))
            rule.backoff_rate = number(*n, join(at, "BackoffRate"), 1, max_backoff_rate);
        if (const json::value* n = o.if_contains("MaxBackoffSeconds"))
            rule.max_backoff_seconds = whole(*n, join(at, "MaxBackoffSeconds"), 1, max_interval);
        return rule;
    }

    CatchRule catch_rule(const json::object& o, const std::string& at)
    {
        known_fields(o, at, "a Catch rule", {"Errors", "Description", "Next", "OutputConstructor"});
        CatchRule rule;
        rule.errors = error_names(o, at);
        text(o, "Description", at, max_detail);
        rule.next = text(o, "Next", at, max_name, true);
        rule.output = constructor(o, "OutputConstructor", at, in_catch);
        return rule;
    }

    // The states of one scope (`o` holds StartAt and States), their transitions resolved.
    StateMachine machine(const json::object& o, const std::string& where, std::size_t depth)
    {
        StateMachine out;
        const std::string start_at = text(o, "StartAt", where, max_name, true);
        const json::value* states = o.if_contains("States");
        if (states == nullptr) {
            problem(join(where, "States"), "is required: the list of states");
            return out;
        }
        if (!states->is_array() || states->get_array().empty()) {
            problem(join(where, "States"), "must be a list of one or more states" + got(*states));
            return out;
        }
        const json::array& list = states->get_array();
        std::map<std::string, std::size_t, std::less<>> index;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (++states_ > limits_.max_states) {
                if (states_ == limits_.max_states + 1)
                    problem(join(where, "States"),
                            "a definition may have at most " + std::to_string(limits_.max_states) + " states in all");
                return out;
            }
            State s = state(list[i], join(where, "States[" + std::to_string(i) + "]"), depth);
            if (!s.name.empty()) {
                const auto [it, fresh] = index.emplace(s.name, i);
                if (!fresh)
                    problem(join(s.where, "Name"), "another state of these States is named " + s.name + " (States[" +
                                                       std::to_string(it->second) + "])");
            }
            out.states.push_back(std::move(s));
        }
        // Transitions stay within their States (the emulator's rule where the docs are silent).
        const auto resolve = [&](const std::string& name, const std::string& at) -> std::size_t {
            const auto it = index.find(name);
            if (it == index.end()) {
                problem(at, "names no state of its States (got " + name + ")");
                return 0;
            }
            return it->second;
        };
        if (!start_at.empty()) out.start = resolve(start_at, join(where, "StartAt"));
        for (State& s : out.states) {
            if (!s.next.empty()) s.target = resolve(s.next, join(s.where, "Next"));
            for (std::size_t i = 0; i < s.catches.size(); ++i)
                if (!s.catches[i].next.empty())
                    s.catches[i].target =
                        resolve(s.catches[i].next, join(s.where, "Catch[" + std::to_string(i) + "].Next"));
            if (auto* choice = std::get_if<Choice>(&s.spec)) {
                for (std::size_t i = 0; i < choice->branches.size(); ++i)
                    if (!choice->branches[i].next.empty())
                        choice->branches[i].target = resolve(choice->branches[i].next,
                                                             join(s.where, "Branches[" + std::to_string(i) + "].Next"));
                if (!choice->default_next.empty())
                    choice->default_target = resolve(choice->default_next, join(s.where, "Default"));
            }
        }
        return out;
    }

    // A nested scope (a Parallel branch, a Map's Processor): a map with StartAt and States.
    std::optional<StateMachine> scope(const json::value& v, const std::string& where, std::size_t depth)
    {
        const json::object* o = v.if_object();
        if (o == nullptr) {
            problem(where, "must be a map with StartAt and States" + got(v));
            return std::nullopt;
        }
        if (depth > limits_.max_scope_depth) {
            problem(where, "Parallel branches and Map processors may be nested at most " +
                               std::to_string(limits_.max_scope_depth) + " deep");
            return std::nullopt;
        }
        known_fields(*o, where, "a scope", {"StartAt", "States", "Description"});
        text(*o, "Description", where, max_detail);
        return machine(*o, where, depth);
    }

    // Next or End: exactly one (End: true), for the states that move on.
    void transition(const json::object& o, State& s)
    {
        const json::value* next = o.if_contains("Next");
        const json::value* end = o.if_contains("End");
        bool ends = false;
        if (end != nullptr) {
            if (!end->is_bool())
                problem(join(s.where, "End"), "must be true or false" + got(*end));
            else
                ends = end->get_bool();
        }
        if (next != nullptr) s.next = text(o, "Next", s.where, max_name, true);
        if (next != nullptr && ends)
            problem(join(s.where, "End"), "cannot be true with a Next: write one of them");
        else if (next == nullptr && !ends)
            problem(s.where, "needs a Next or End: true");
    }

    // Succeed and Fail end their scope: End may say so, never the opposite.
    void ends_anyway(const json::object& o, State& s)
    {
        if (const json::value* end = o.if_contains("End"); end != nullptr && !(end->is_bool() && end->get_bool()))
            problem(join(s.where, "End"),
                    "must be true: a " + std::string(to_string(s.type)) + " state ends its scope" + got(*end));
    }

    void common(const json::object& o, State& s)
    {
        text(o, "Description", s.where, max_detail);
        s.input_constructor = constructor(o, "InputConstructor", s.where, before_work);
        s.output_constructor = constructor(o, "OutputConstructor", s.where, after_work);
        s.global_constructor = constructor(o, "GlobalConstructor", s.where, after_work);
    }

    void errors(const json::object& o, State& s)
    {
        if (const json::value* r = o.if_contains("Retry"))
            s.retry =
                rules<RetryRule>(*r, join(s.where, "Retry"),
                                 [this](const json::object& rule, const std::string& at) { return retry(rule, at); });
        if (const json::value* c = o.if_contains("Catch"))
            s.catches =
                rules<CatchRule>(*c, join(s.where, "Catch"), [this](const json::object& rule, const std::string& at) {
                    return catch_rule(rule, at);
                });
    }

    State state(const json::value& v, const std::string& index_where, std::size_t depth)
    {
        State s;
        s.where = index_where;
        const json::object* o = v.if_object();
        if (o == nullptr) {
            problem(index_where, "must be a map" + got(v));
            return s;
        }
        s.name = text(*o, "Name", index_where, max_name, true);
        if (!s.name.empty()) s.where = index_where + " (" + s.name + ")";
        const json::value* type = o->if_contains("Type");
        static constexpr std::array<std::pair<std::string_view, StateType>, 8> types{{
            {"Pass", StateType::pass},
            {"Task", StateType::task},
            {"Choice", StateType::choice},
            {"Wait", StateType::wait},
            {"Parallel", StateType::parallel},
            {"Map", StateType::map},
            {"Succeed", StateType::succeed},
            {"Fail", StateType::fail},
        }};
        const auto found =
            type != nullptr && type->is_string()
                ? std::find_if(types.begin(), types.end(), [&](const auto& t) { return t.first == type->get_string(); })
                : types.end();
        if (found == types.end()) {
            if (type == nullptr)
                problem(join(s.where, "Type"), "is required: Pass, Task, Choice, Wait, Parallel, Map, Succeed or Fail");
            else
                problem(join(s.where, "Type"),
                        "must be Pass, Task, Choice, Wait, Parallel, Map, Succeed or Fail" + got(*type));
            return s;
        }
        s.type = found->second;
        if (s.type == StateType::task || s.type == StateType::wait || s.type == StateType::parallel ||
            s.type == StateType::map)
            waits_ = true;
        const std::string what = "a " + std::string(found->first) + " state";
        switch (s.type) {
        case StateType::pass:
            known_fields(*o, s.where, what,
                         {"Name", "Type", "Description", "Next", "End", "InputConstructor", "OutputConstructor",
                          "GlobalConstructor"});
            transition(*o, s);
            s.spec = Pass{};
            break;
        case StateType::task:
            known_fields(*o, s.where, what,
                         {"Name", "Type", "Description", "Next", "End", "InputConstructor", "OutputConstructor",
                          "GlobalConstructor", "Action", "TaskMode", "Parameters", "Timeout", "Timeout.$", "Retry",
                          "Catch"});
            transition(*o, s);
            errors(*o, s);
            s.spec = task(*o, s.where);
            break;
        case StateType::choice:
            known_fields(*o, s.where, what,
                         {"Name", "Type", "Description", "Branches", "Default", "InputConstructor", "OutputConstructor",
                          "GlobalConstructor"});
            s.spec = choice(*o, s.where);
            break;
        case StateType::wait: {
            known_fields(*o, s.where, what,
                         {"Name", "Type", "Description", "Next", "End", "Seconds", "Seconds.$", "InputConstructor",
                          "OutputConstructor", "GlobalConstructor"});
            transition(*o, s);
            const bool express = mode_ == FlowMode::express;
            Wait wait;
            if (!o->contains("Seconds") && !o->contains("Seconds.$"))
                problem(join(s.where, "Seconds"), "is required (or Seconds.$)");
            else if (auto seconds = amount(*o, "Seconds", s.where, 1, express ? max_wait_express : max_wait_standard,
                                           false, express ? " in an Express flow" : ""))
                wait.seconds = std::move(*seconds);
            s.spec = std::move(wait);
            break;
        }
        case StateType::parallel: {
            known_fields(*o, s.where, what,
                         {"Name", "Type", "Description", "Next", "End", "Branches", "InputConstructor",
                          "OutputConstructor", "GlobalConstructor", "Retry", "Catch"});
            transition(*o, s);
            errors(*o, s);
            s.spec = parallel(*o, s.where, depth);
            break;
        }
        case StateType::map:
            known_fields(*o, s.where, what,
                         {"Name",
                          "Type",
                          "Description",
                          "Next",
                          "End",
                          "ItemsPath",
                          "Processor",
                          "MaxConcuccency",
                          "MaxConcurrency",
                          "ProcessorConfig",
                          "ItemConstructor",
                          "ItemBatcher",
                          "MaxItems",
                          "ToleratedFailurePercentage",
                          "ToleratedFailureCount",
                          "ItemReader",
                          "ResultWriter",
                          "InputConstructor",
                          "OutputConstructor",
                          "GlobalConstructor",
                          "Retry",
                          "Catch"});
            transition(*o, s);
            errors(*o, s);
            s.spec = map(*o, s.where, depth);
            break;
        case StateType::succeed:
            known_fields(
                *o, s.where, what,
                {"Name", "Type", "Description", "End", "InputConstructor", "OutputConstructor", "GlobalConstructor"});
            ends_anyway(*o, s);
            s.spec = Succeed{};
            break;
        case StateType::fail: {
            // A Fail state ends its scope with its Code and Detail, fixed text: constructors would
            // shape an input and an output it does not use, so they are refused, not ignored.
            for (const std::string_view ignored : {"InputConstructor", "OutputConstructor", "GlobalConstructor"})
                if (o->contains(ignored))
                    problem(join(s.where, ignored), "a Fail state has no output and its Code and Detail are fixed "
                                                    "text: it takes no constructor");
            known_fields(*o, s.where, what,
                         {"Name", "Type", "Description", "End", "Code", "Detail", "InputConstructor",
                          "OutputConstructor", "GlobalConstructor"});
            ends_anyway(*o, s);
            Fail fail;
            fail.code = text(*o, "Code", s.where, max_error_name);
            fail.detail = text(*o, "Detail", s.where, max_detail);
            s.spec = std::move(fail);
            break;
        }
        }
        common(*o, s);
        return s;
    }

    Task task(const json::object& o, const std::string& where)
    {
        Task t;
        t.action = text(o, "Action", where, max_name, true);
        if (!t.action.empty()) {
            const auto colon = t.action.find(':');
            const bool shaped = colon != std::string::npos && colon > 0 && colon + 1 < t.action.size() &&
                                t.action.find(':', colon + 1) == std::string::npos &&
                                std::all_of(t.action.begin(), t.action.end(), [](char c) {
                                    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                           c == ':' || c == '-' || c == '_' || c == '.';
                                });
            if (!shaped)
                problem(join(where, "Action"),
                        "must be <Service>:<Operation>, such as FC:InvokeFunction (got " + t.action + ")");
        }
        if (const json::value* mode = o.if_contains("TaskMode")) {
            const auto parsed = mode->is_string() ? task_mode(mode->get_string()) : std::nullopt;
            if (!parsed)
                problem(join(where, "TaskMode"),
                        "must be RequestComplete, WaitForSystemCallback or WaitForCustomCallback" + got(*mode));
            else
                t.mode = *parsed;
        }
        if (t.mode != TaskMode::request_complete) {
            if (mode_ == FlowMode::express)
                problem(join(where, "TaskMode"),
                        "must be RequestComplete in an Express flow (got " + std::string(to_string(t.mode)) + ")");
            else if (t.action == "HTTP:Request" && t.mode == TaskMode::wait_for_system_callback)
                problem(join(where, "TaskMode"),
                        "HTTP:Request waits for RequestComplete or WaitForCustomCallback (got WaitForSystemCallback)");
            callbacks_ = true;
        }
        t.parameters = constructor(o, "Parameters", where, before_work);
        if (t.parameters && limits_.check_parameters && !t.action.empty()) {
            if (auto checked = limits_.check_parameters(t.action, t.parameters->source()); !checked)
                problem(checked.error().within(join(where, "Parameters")).where, checked.error().what);
        }
        t.timeout = amount(o, "Timeout", where, 0, max_task_timeout, true, "");
        return t;
    }

    Choice choice(const json::object& o, const std::string& where)
    {
        Choice c;
        const json::value* branches = o.if_contains("Branches");
        if (branches == nullptr) {
            problem(join(where, "Branches"), "is required: a list of {Condition, Next}");
        } else if (!branches->is_array() || branches->get_array().empty()) {
            problem(join(where, "Branches"), "must be a list of one or more {Condition, Next}" + got(*branches));
        } else if (branches->get_array().size() > limits_.max_choice_branches) {
            problem(join(where, "Branches"), "must have at most " + std::to_string(limits_.max_choice_branches) +
                                                 " branches (got " + std::to_string(branches->get_array().size()) +
                                                 ")");
        } else {
            const json::array& list = branches->get_array();
            for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string at = join(where, "Branches[" + std::to_string(i) + "]");
                const json::object* b = list[i].if_object();
                if (b == nullptr) {
                    problem(at, "must be a map with Condition and Next" + got(list[i]));
                    continue;
                }
                known_fields(*b, at, "a Choice branch", {"Condition", "Next", "Description"});
                text(*b, "Description", at, max_detail);
                const std::string next = text(*b, "Next", at, max_name, true);
                const json::value* condition = b->if_contains("Condition");
                if (condition == nullptr) {
                    problem(join(at, "Condition"), "is required: an expression such as $Input.status == \"ready\"");
                    continue;
                }
                auto compiled = expression(*condition, join(at, "Condition"), before_work);
                if (compiled) c.branches.push_back(ChoiceBranch{std::move(*compiled), next, 0});
            }
        }
        if (!o.contains("Default"))
            problem(join(where, "Default"), "is required: the state to go to when no branch matches");
        else
            c.default_next = text(o, "Default", where, max_name, true);
        return c;
    }

    Parallel parallel(const json::object& o, const std::string& where, std::size_t depth)
    {
        Parallel p;
        const json::value* branches = o.if_contains("Branches");
        if (branches == nullptr) {
            problem(join(where, "Branches"), "is required: a list of {StartAt, States}");
            return p;
        }
        if (!branches->is_array() || branches->get_array().empty()) {
            problem(join(where, "Branches"), "must be a list of one or more {StartAt, States}" + got(*branches));
            return p;
        }
        if (branches->get_array().size() > limits_.max_branches) {
            problem(join(where, "Branches"), "must have at most " + std::to_string(limits_.max_branches) +
                                                 " branches (got " + std::to_string(branches->get_array().size()) +
                                                 ")");
            return p;
        }
        const json::array& list = branches->get_array();
        for (std::size_t i = 0; i < list.size(); ++i)
            if (auto branch = scope(list[i], join(where, "Branches[" + std::to_string(i) + "]"), depth + 1))
                p.branches.push_back(std::move(*branch));
        return p;
    }

    Map map(const json::object& o, const std::string& where, std::size_t depth)
    {
        Map m;
        for (const std::string_view oss : {"ItemReader", "ResultWriter"})
            if (o.contains(oss))
                problem(join(where, oss), "is not supported by cloudflow-local (it reads and writes no OSS): give the "
                                          "items with ItemsPath");
        if (const json::value* items = o.if_contains("ItemsPath")) {
            if (auto compiled = expression(*items, join(where, "ItemsPath"), before_work))
                m.items_path = std::move(*compiled);
        } else {
            problem(join(where, "ItemsPath"), "is required: an expression that gives the items, such as $Input.orders");
        }
        if (const json::value* config = o.if_contains("ProcessorConfig")) {
            const std::string at = join(where, "ProcessorConfig");
            if (const json::object* c = config->if_object()) {
                known_fields(*c, at, "ProcessorConfig", {"ExecutionMode"});
                const json::value* mode = c->if_contains("ExecutionMode");
                if (mode == nullptr)
                    problem(join(at, "ExecutionMode"), "is required: Express or Standard, the mode of the items' "
                                                       "child executions");
                else if (!mode->is_string() || (mode->get_string() != "Express" && mode->get_string() != "Standard"))
                    problem(join(at, "ExecutionMode"), "must be Express or Standard" + got(*mode));
                else
                    m.item_mode = mode->get_string() == "Express" ? FlowMode::express : FlowMode::standard;
                m.distributed = true;
            } else {
                problem(at, "must be a map with ExecutionMode" + got(*config));
            }
        }
        const json::value* concurrency = o.if_contains("MaxConcuccency");
        std::string_view concurrency_key = "MaxConcuccency";
        if (const json::value* other = o.if_contains("MaxConcurrency")) {
            if (concurrency != nullptr)
                problem(join(where, "MaxConcurrency"),
                        "cannot be given with MaxConcuccency (the docs' spelling): write "
                        "one of them");
            concurrency = other;
            concurrency_key = "MaxConcurrency";
        }
        const long long most = m.distributed ? max_distributed_concurrency : max_inline_concurrency;
        m.max_concurrency = most;
        if (concurrency != nullptr)
            if (auto n = whole(*concurrency, join(where, concurrency_key), 1, most, false,
                               m.distributed ? " in distributed mode" : " in inline mode"))
                m.max_concurrency = *n;
        // The fields of distributed mode.
        const auto distributed_only = [&](std::string_view key) {
            if (!o.contains(key) || m.distributed) return o.if_contains(key);
            problem(join(where, key), "applies to a distributed Map only (one with ProcessorConfig)");
            return static_cast<const json::value*>(nullptr);
        };
        if (distributed_only("ItemConstructor"))
            m.item_constructor = constructor(o, "ItemConstructor", where, in_item_constructor);
        if (const json::value* batcher = distributed_only("ItemBatcher")) {
            const std::string at = join(where, "ItemBatcher");
            if (const json::object* b = batcher->if_object()) {
                known_fields(*b, at, "ItemBatcher", {"MaxItemsPerBatch"});
                if (const json::value* n = b->if_contains("MaxItemsPerBatch"))
                    m.max_items_per_batch = whole(*n, join(at, "MaxItemsPerBatch"), 1, max_map_items);
                else
                    problem(join(at, "MaxItemsPerBatch"), "is required: the items of one child execution");
            } else {
                problem(at, "must be a map with MaxItemsPerBatch" + got(*batcher));
            }
        }
        if (const json::value* n = distributed_only("MaxItems"))
            m.max_items = whole(*n, join(where, "MaxItems"), 1, max_map_items);
        if (const json::value* n = distributed_only("ToleratedFailurePercentage"))
            m.tolerated_failure_percentage = number(*n, join(where, "ToleratedFailurePercentage"), 0, 100);
        if (const json::value* n = distributed_only("ToleratedFailureCount"))
            m.tolerated_failure_count = whole(*n, join(where, "ToleratedFailureCount"), 0, max_map_items);
        if (const json::value* processor = o.if_contains("Processor")) {
            // A distributed Map's items are child executions of their own mode, with its rules.
            const FlowMode outer = mode_;
            if (m.distributed) mode_ = m.item_mode;
            auto inner = scope(*processor, join(where, "Processor"), depth + 1);
            mode_ = outer;
            if (inner) m.processor = std::make_shared<const StateMachine>(std::move(*inner));
        } else {
            problem(join(where, "Processor"), "is required: {StartAt, States}, the states each item runs");
        }
        return m;
    }

    FlowMode mode_;
    const DefinitionLimits& limits_;
    std::vector<Problem> problems_;
    std::size_t more_problems_ = 0;
    std::size_t states_ = 0;
    bool callbacks_ = false;
    bool waits_ = false;
};

}  // namespace

std::string_view to_string(StateType type)
{
    switch (type) {
    case StateType::pass: return "Pass";
    case StateType::task: return "Task";
    case StateType::choice: return "Choice";
    case StateType::wait: return "Wait";
    case StateType::parallel: return "Parallel";
    case StateType::map: return "Map";
    case StateType::succeed: return "Succeed";
    case StateType::fail: return "Fail";
    }
    return "Pass";
}

std::string ReadDefinition::summary() const
{
    if (problems.empty()) return {};
    std::string out = problems.front().text();
    const std::size_t more = problems.size() - 1 + more_problems;
    if (more > 0) out += " (and " + std::to_string(more) + " more problem" + (more == 1 ? "" : "s") + ")";
    return out;
}

ReadDefinition validate_definition(const json::value& document, FlowMode mode, const DefinitionLimits& limits)
{
    return Validator(mode, limits).run(document);
}

ReadDefinition read_definition(std::string_view text, FlowMode mode, const DefinitionLimits& limits)
{
    auto document = read_document(text, limits.document);
    if (!document) {
        ReadDefinition out;
        out.problems.push_back(document.error());
        return out;
    }
    return validate_definition(*document, mode, limits);
}

}  // namespace cloudflow::local::flow
