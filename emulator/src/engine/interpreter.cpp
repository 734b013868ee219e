#include "engine/interpreter.hpp"
#include "lang/text.hpp"

#include "engine/children.hpp"
#include "lang/error_names.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serializer.hpp>
#include <boost/system/result.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using flow::State;
using flow::StateType;

// The JSON text's length of `v`, counted without building it, stopping past `limit`.
std::size_t json_bytes(const json::value& v, std::size_t limit)
{
    json::serializer serializer;
    serializer.reset(&v);
    char buffer[4096];
    std::size_t total = 0;
    while (!serializer.done() && total <= limit) total += serializer.read(buffer, sizeof buffer).size();
    return total;
}

asio::awaitable<void> sleep_until(Clock::time_point when)
{
    asio::steady_timer timer(co_await asio::this_coro::executor, when);
    co_await timer.async_wait(asio::use_awaitable);
}

bool matches(const std::vector<std::string>& errors, const std::string& code)
{
    return std::any_of(errors.begin(), errors.end(),
                       [&](const std::string& name) { return name == error_names::all || name == code; });
}

// Retry n (from 1) of `rule` waits IntervalSeconds x BackoffRate^(n-1), at most MaxBackoffSeconds.
double retry_delay(const flow::RetryRule& rule, long long n)
{
    double seconds = static_cast<double>(rule.interval_seconds);
    if (rule.backoff_rate) seconds *= std::pow(*rule.backoff_rate, static_cast<double>(n - 1));
    if (rule.max_backoff_seconds) seconds = std::min(seconds, static_cast<double>(*rule.max_backoff_seconds));
    return std::isfinite(seconds) ? seconds : std::numeric_limits<double>::max();
}

// `text` cut to at most `bytes` between characters, "..." saying so: an error's detail is UTF-8
// text, as the answers that quote it must be.
std::string clipped(std::string_view text, std::size_t bytes)
{
    if (text.size() <= bytes) return std::string(text);
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // a continuation byte
    return std::string(text.substr(0, end)) + "...";
}

// A value the run built, or the error that kept it from being built.
using Built = boost::system::result<json::value, FlowError>;

FlowError runtime_error(std::string detail)
{
    return FlowError{std::string(error_names::runtime), std::move(detail)};
}

// One attempt at a state: its $Input, and what its expressions may read of $Context.Current.
struct Attempt {
    const json::value& raw;  // the state's input
    std::size_t retries = 0;
    std::string token;
    const FlowError* error = nullptr;  // a Catch's OutputConstructor reads it
    std::optional<json::value> built;  // the InputConstructor's value

    const json::value& input() const { return built ? *built : raw; }
};

// What a state's attempt gave: its output (and a Choice's branch), or an error.
struct Result {
    bool ok = false;
    json::value output;
    std::optional<std::size_t> target;
    FlowError error;

    static Result success(json::value output, std::optional<std::size_t> target = std::nullopt)
    {
        return Result{true, std::move(output), target, {}};
    }
    static Result failure(FlowError error) { return Result{false, {}, std::nullopt, std::move(error)}; }
};

class Run : public std::enable_shared_from_this<Run> {
public:
    Run(RunSetup setup, std::shared_ptr<ExecutionHost> host) : setup_(std::move(setup)), host_(std::move(host)) {}

    // The whole execution, bounded by its time limit.
    static asio::awaitable<Ending> root(std::shared_ptr<Run> self)
    {
        using namespace asio::experimental::awaitable_operators;
        // States that never wait (Pass, Choice, Succeed, Fail) end within the transitions limit:
        // no timer to race.
        if (!self->setup_.definition->waits) co_return co_await scope(self, *self->setup_.machine, self->setup_.input);
        const auto deadline = self->setup_.deadline;
        auto ended = co_await (scope(self, *self->setup_.machine, self->setup_.input) || sleep_until(deadline));
        if (ended.index() == 1)
            co_return Ending{Ending::Kind::timed_out,
                             {},
                             {std::string(error_names::timeout), "the execution ran longer than its time limit", true}};
        co_return std::move(std::get<0>(ended));
    }

private:
    // A scope's states from its StartAt to the state that ends it.
    static asio::awaitable<Ending> scope(std::shared_ptr<Run> self, const flow::StateMachine& machine,
                                         json::value input)
    {
        const State* s = &machine.first();
        json::value data = std::move(input);
        for (;;) {
            Outcome o = co_await self->step(*s, std::move(data));
            switch (o.kind) {
            case Outcome::Kind::next:
                data = std::move(o.output);
                s = &machine.states[o.target];
                break;
            case Outcome::Kind::end: co_return Ending::success(std::move(o.output));
            case Outcome::Kind::failed: co_return Ending::failure(std::move(o.error));
            }
        }
    }

    struct Outcome {
        enum class Kind { next, end, failed };
        Kind kind = Kind::failed;
        json::value output;
        std::size_t target = 0;
        FlowError error;
    };

    // One state, from StepEntered to StepExited: its attempts, its Retry and its Catch.
    asio::awaitable<Outcome> step(const State& s, json::value raw)
    {
        if (++transitions_ > setup_.limits.max_transitions)
            co_return fatal("the execution entered more than " + std::to_string(setup_.limits.max_transitions) +
                            " states");
        if (host_->history_full()) co_return fatal("the execution's history reached its limit of events");
        const std::int64_t entered = note("StepEntered", s.name, host_->last_event(), [&] {
            return json::object{{"Input", raw}};
        });
        std::vector<long long> retried(s.retry.size());
        for (std::size_t retries = 0;; ++retries) {
            Result r = co_await attempt(s, raw, retries, entered);
            if (r.ok) {
                note("StepSucceeded", s.name, entered, [&] { return json::object{{"Output", r.output}}; });
                note("StepExited", s.name, entered);
                const bool ends = s.type == StateType::succeed || (!r.target && !s.target);
                if (ends) co_return Outcome{Outcome::Kind::end, std::move(r.output), 0, {}};
                co_return Outcome{Outcome::Kind::next, std::move(r.output), r.target ? *r.target : *s.target, {}};
            }
            if (!r.error.fatal) {
                // The first Retry rule that matches decides; its attempts are counted per entry.
                const auto rule = std::find_if(s.retry.begin(), s.retry.end(), [&](const flow::RetryRule& x) {
                    return matches(x.errors, r.error.code);
                });
                if (rule != s.retry.end()) {
                    long long& n = retried[static_cast<std::size_t>(rule - s.retry.begin())];
                    if (n < rule->max_attempts) {
                        ++n;
                        co_await sleep_until(later(retry_delay(*rule, n)));
                        continue;
                    }
                }
            }
            note("StepFailed", s.name, entered, [&] {
                return json::object{{"Error", r.error.code}, {"Cause", r.error.detail}};
            });
            note("StepExited", s.name, entered);
            if (!r.error.fatal) {
                const auto rule = std::find_if(s.catches.begin(), s.catches.end(), [&](const flow::CatchRule& x) {
                    return matches(x.errors, r.error.code);
                });
                if (rule != s.catches.end()) {
                    // The failed state gave no output: the rule's OutputConstructor builds one, from
                    // $Context.Current.Error; without one the next state gets {}.
                    json::value output = json::object();
                    if (rule->output) {
                        Attempt a{raw, retries, {}, &r.error, std::nullopt};
                        auto built = construct(*rule->output, s, a, nullptr, "Catch.OutputConstructor");
                        if (!built) co_return Outcome{Outcome::Kind::failed, {}, 0, built.error()};
                        output = std::move(*built);
                    }
                    co_return Outcome{Outcome::Kind::next, std::move(output), rule->target, {}};
                }
            }
            co_return Outcome{Outcome::Kind::failed, {}, 0, std::move(r.error)};
        }
    }

    // Records an event when the run keeps a history; its detail is built only then.
    template <class Detail>
    std::int64_t note(std::string_view type, std::string_view step, std::int64_t scheduled_by, Detail detail)
    {
        return host_->keeps_history() ? host_->record(type, step, scheduled_by, detail()) : 0;
    }
    std::int64_t note(std::string_view type, std::string_view step, std::int64_t scheduled_by)
    {
        return host_->keeps_history() ? host_->record(type, step, scheduled_by, {}) : 0;
    }

    // The time `seconds` of the flow's time from now.
    // `seconds` of the flows' time from now, in real time (saturating at the far future).
    Clock::time_point later(double seconds) const { return setup_.clock->after(FlowClock::Seconds(seconds)); }

    static Outcome fatal(std::string detail)
    {
        return Outcome{Outcome::Kind::failed, {}, 0, FlowError{"FnF.LimitExceeded", std::move(detail), true}};
    }

    // One attempt: InputConstructor, the state's work, OutputConstructor, GlobalConstructor.
    asio::awaitable<Result> attempt(const State& s, json::value& raw, std::size_t retries, std::int64_t entered)
    {
        Attempt a{raw, retries, {}, nullptr, std::nullopt};
        if (s.input_constructor) {
            auto built = construct(*s.input_constructor, s, a, nullptr, "InputConstructor");
            if (!built) co_return Result::failure(built.error());
            a.built = std::move(*built);
            if (auto too_big = check_size(*s.input_constructor, s, a.input(), "InputConstructor"))
                co_return Result::failure(std::move(*too_big));
        }
        // A distributed Map records its StepStarted once its map run is open: the event names it.
        const bool distributed = s.type == StateType::map && std::get<flow::Map>(s.spec).distributed;
        if (retries == 0 && !distributed)
            note("StepStarted", s.name, entered, [&] { return json::object{{"Input", a.input()}}; });

        Result work;
        bool fresh = true;  // the output is not the input, checked already
        switch (s.type) {
        case StateType::pass:
        case StateType::succeed:
            work = Result::success(pass_on(a, raw, s));
            fresh = false;
            break;
        case StateType::choice:
            work = choose(s, std::get<flow::Choice>(s.spec), a);
            if (work.ok) work.output = pass_on(a, raw, s);
            fresh = false;
            break;
        case StateType::wait:
            work = co_await wait(s, std::get<flow::Wait>(s.spec), a);
            fresh = false;
            break;
        case StateType::fail: {
            const auto& fail = std::get<flow::Fail>(s.spec);
            co_return Result::failure(FlowError{fail.code.empty() ? "FnF.Failed" : fail.code, fail.detail});
        }
        case StateType::task: work = co_await task(s, std::get<flow::Task>(s.spec), a, entered); break;
        case StateType::parallel: work = co_await parallel(s, std::get<flow::Parallel>(s.spec), a, entered); break;
        case StateType::map: work = co_await map(s, std::get<flow::Map>(s.spec), a, entered); break;
        }
        if (!work.ok) co_return work;

        // $Output stays the work's own for a GlobalConstructor.
        json::value output;
        if (s.output_constructor) {
            auto built = construct(*s.output_constructor, s, a, &work.output, "OutputConstructor");
            if (!built) co_return Result::failure(built.error());
            output = std::move(*built);
            fresh = true;
        } else {
            output = s.global_constructor ? work.output : std::move(work.output);
        }
        if (fresh) {
            if (!output.is_object())
                co_return Result::failure(runtime_error(s.where + ": the state's output must be a map (got " +
                                                        std::string(json_kind(output)) + ")"));
            if (const std::size_t bytes = json_bytes(output, setup_.limits.max_state_bytes);
                bytes > setup_.limits.max_state_bytes)
                co_return Result::failure(runtime_error(s.where + ": the state's output is over " +
                                                        std::to_string(setup_.limits.max_state_bytes) + " bytes"));
        }
        if (s.global_constructor) {
            auto built = construct(*s.global_constructor, s, a, &work.output, "GlobalConstructor");
            if (!built) co_return Result::failure(built.error());
            if (auto wrong = merge_global(s, *built)) co_return Result::failure(std::move(*wrong));
        }
        co_return Result::success(std::move(output), work.target);
    }

    // $Context as the state's expressions see it: the documented shape, whole.
    json::value context(const State& s, const Attempt& a, const json::value* output) const
    {
        json::object current{
            {"Name", s.name},
            {"Input", a.input()},
            {"Output", output ? *output : json::value()},
            {"Error",
             a.error ? json::value(json::object{{"Code", a.error->code}, {"Detail", a.error->detail}}) : json::value()},
            {"RetryCount", a.retries},
            {"TaskToken", a.token}};
        // $Context.Execution is built when an expression first reads $Context.
        if (!execution_)
            execution_ =
                json::object{{"Name", setup_.execution}, {"Input", setup_.input}, {"RoleArn", setup_.role_arn}};
        return json::object{{"Execution", *execution_}, {"Current", std::move(current)}};
    }

    expr::Scope scope_for(const Attempt& a, const json::value* output, unsigned variables, json::value& context_text,
                          const State& s) const
    {
        expr::Scope scope;
        scope.input = &a.input();
        scope.output = output;
        scope.global = &global_;
        scope.random = &host_->random();
        if ((variables & expr::context) != 0) {
            context_text = context(s, a, output);
            scope.context = &context_text;
        }
        return scope;
    }

    // A constructor's value; a problem is FnF.RuntimeError naming the state and the field.
    Built construct(const expr::Template& t, const State& s, const Attempt& a, const json::value* output,
                    std::string_view field, const json::value* item = nullptr)
    {
        json::value context_value;
        expr::Scope scope = scope_for(a, output, t.variables(), context_value, s);
        scope.item = item;
        auto value = t.evaluate(scope, setup_.limits.expressions);
        if (!value) return runtime_error(value.error().within(s.where + "." + std::string(field)).text());
        return std::move(*value);
    }

    Built evaluate(const expr::Expression& e, const State& s, const Attempt& a, std::string_view field)
    {
        json::value context_value;
        const expr::Scope scope = scope_for(a, nullptr, e.variables(), context_value, s);
        auto value = e.evaluate(scope, setup_.limits.expressions);
        if (!value) return runtime_error(value.error().within(s.where + "." + std::string(field)).text());
        return std::move(*value);
    }

    std::optional<FlowError> check_size(const expr::Template&, const State& s, const json::value& v,
                                        std::string_view field) const
    {
        if (json_bytes(v, setup_.limits.max_state_bytes) <= setup_.limits.max_state_bytes) return std::nullopt;
        return runtime_error(s.where + "." + std::string(field) + ": the state's input is over " +
                             std::to_string(setup_.limits.max_state_bytes) + " bytes");
    }

    std::optional<FlowError> merge_global(const State& s, const json::value& produced)
    {
        for (const auto& [key, value] : produced.get_object()) {
            if (key.size() > setup_.limits.max_global_key)
                return runtime_error(s.where + ".GlobalConstructor: the key " + clipped(key, 32) + " is over " +
                                     std::to_string(setup_.limits.max_global_key) + " bytes");
            if (json_bytes(value, setup_.limits.max_global_value) > setup_.limits.max_global_value)
                return runtime_error(s.where + ".GlobalConstructor." + std::string(key) + ": the value is over " +
                                     std::to_string(setup_.limits.max_global_value) + " bytes");
            global_.as_object()[key] = value;
        }
        return std::nullopt;
    }

    // The branch a Choice takes (its output is set by the caller).
    Result choose(const State& s, const flow::Choice& c, const Attempt& a)
    {
        for (std::size_t i = 0; i < c.branches.size(); ++i) {
            auto value = evaluate(c.branches[i].condition, s, a, "Branches[" + std::to_string(i) + "].Condition");
            if (!value) return Result::failure(value.error());
            // A missing path gives null: a condition on it does not hold.
            if (value->is_null()) continue;
            if (!value->is_bool())
                return Result::failure(runtime_error(s.where + ".Branches[" + std::to_string(i) +
                                                     "].Condition: gives " + std::string(json_kind(*value)) +
                                                     ", not true or false"));
            if (value->get_bool()) return Result::success({}, c.branches[i].target);
        }
        return Result::success({}, c.default_target);
    }

    // A Pass, Choice or Succeed state's output: its input, moved when nothing reads it again (no
    // Retry or Catch to start over from it, no constructor after the work).
    static json::value pass_on(Attempt& a, json::value& raw, const State& s)
    {
        const bool last_use = s.retry.empty() && s.catches.empty() && !s.output_constructor && !s.global_constructor;
        if (!last_use) return a.input();
        return a.built ? std::move(*a.built) : std::move(raw);
    }

    // A whole number from a literal or an expression, within [lo, hi]; nullopt with `error` set.
    std::optional<long long> amount(const flow::Amount& amount, const State& s, const Attempt& a,
                                    std::string_view field, long long lo, long long hi, FlowError& error)
    {
        if (amount.literal) return amount.literal;
        auto value = evaluate(*amount.expression, s, a, std::string(field) + ".$");
        if (!value) {
            error = value.error();
            return std::nullopt;
        }
        std::optional<long long> n;
        if (value->is_int64()) n = value->get_int64();
        if (value->is_string() && !value->get_string().empty() && value->get_string().size() <= 18 &&
            std::all_of(value->get_string().begin(), value->get_string().end(),
                        [](char ch) { return ch >= '0' && ch <= '9'; }))
            n = std::stoll(std::string(value->get_string()));
        if (!n || *n < lo || *n > hi) {
            const std::string shown = json_text(*value);  // as the input wrote it: 1.5, not Boost.JSON's 1.5E0
            error = runtime_error(s.where + "." + std::string(field) + ".$: must give a whole number " +
                                  std::to_string(lo) + "-" + std::to_string(hi) + " (got " + clipped(shown, 40) + ")");
            return std::nullopt;
        }
        return n;
    }

    asio::awaitable<Result> wait(const State& s, const flow::Wait& w, const Attempt& a)
    {
        const bool express = setup_.mode == FlowMode::express;
        FlowError error;
        const auto seconds = amount(w.seconds, s, a, "Seconds", 1, express ? 20 : 300, error);
        if (!seconds) co_return Result::failure(std::move(error));
        co_await sleep_until(later(static_cast<double>(*seconds)));
        co_return Result::success(a.input());
    }

    asio::awaitable<Result> task(const State& s, const flow::Task& t, Attempt& a, std::int64_t entered)
    {
        using namespace asio::experimental::awaitable_operators;
        const std::size_t invocation = invocations_[s.name]++;
        if (t.mode != TaskMode::request_complete) a.token = host_->issue_token();
        json::value parameters = json::object();
        if (t.parameters) {
            auto built = construct(*t.parameters, s, a, nullptr, "Parameters");
            if (!built) co_return Result::failure(built.error());
            parameters = std::move(*built);
        }
        long long timeout = 0;
        if (t.timeout) {
            FlowError error;
            const auto seconds = amount(*t.timeout, s, a, "Timeout", 0, 604'800, error);
            if (!seconds) co_return Result::failure(std::move(error));
            timeout = *seconds;
        }
        // The execution's own limit is raced at the root; a Task's Timeout only when it comes first.
        const Clock::time_point deadline =
            timeout > 0 ? std::min(later(static_cast<double>(timeout)), setup_.deadline) : setup_.deadline;
        const bool bounded = deadline < setup_.deadline;

        const std::int64_t scheduled = note("TaskScheduled", s.name, entered, [&] {
            return json::object{{"Action", t.action}, {"TaskMode", to_string(t.mode)}, {"Parameters", parameters}};
        });
        note("TaskStarted", s.name, scheduled);
        TaskCall call{setup_.flow, setup_.execution, setup_.test_case,      s.name,  invocation,
                      t.action,    t.mode,           std::move(parameters), a.token, deadline};

        std::optional<TaskResult> result;
        bool reported = false;  // a report recorded its own event
        if (bounded) {
            auto raced = co_await (host_->invoke(std::move(call)) || sleep_until(deadline));
            if (raced.index() == 0) result = std::move(std::get<0>(raced));
        } else {
            result = co_await host_->invoke(std::move(call));
        }
        if (result && result->kind == TaskResult::Kind::submitted) {
            note("TaskSubmitted", s.name, scheduled, [&] { return json::object{{"TaskToken", a.token}}; });
            result.reset();
            if (bounded) {
                auto raced = co_await (host_->wait_for_report(a.token, s.name, scheduled) || sleep_until(deadline));
                if (raced.index() == 0) result = std::move(std::get<0>(raced));
            } else {
                result = co_await host_->wait_for_report(a.token, s.name, scheduled);
            }
            reported = result.has_value();
        } else if (result && result->kind == TaskResult::Kind::failed && t.mode != TaskMode::request_complete &&
                   !result->mocked) {
            note("TaskSubmitFailed", s.name, scheduled, [&] {
                return json::object{{"Error", result->error}, {"Cause", result->cause}};
            });
            co_return Result::failure(FlowError{std::move(result->error), std::move(result->cause)});
        }
        if (!result) {
            FlowError error{std::string(error_names::timeout),
                            s.where + ": the task did not complete within its Timeout of " + std::to_string(timeout) +
                                " s"};
            note("TaskTimedOut", s.name, scheduled, [&] {
                return json::object{{"Error", error.code}, {"Cause", error.detail}};
            });
            co_return Result::failure(std::move(error));
        }
        if (result->kind == TaskResult::Kind::succeeded) {
            if (!reported)
                note("TaskSucceeded", s.name, scheduled, [&] { return json::object{{"Output", result->output}}; });
            co_return Result::success(std::move(result->output));
        }
        if (!reported)
            note("TaskFailed", s.name, scheduled, [&] {
                return json::object{{"Error", result->error}, {"Cause", result->cause}};
            });
        co_return Result::failure(FlowError{std::move(result->error), std::move(result->cause)});
    }

    // A failed child's error, for the state it fails: its own (a Parallel's branch, an inline item).
    static FlowError child_error(const Ending& e)
    {
        if (e.kind == Ending::Kind::failed || e.kind == Ending::Kind::timed_out) return e.error;
        return runtime_error("a child was stopped");
    }

    asio::awaitable<Result> parallel(const State& s, const flow::Parallel& p, const Attempt& a, std::int64_t entered)
    {
        auto self = shared_from_this();
        auto input = std::make_shared<const json::value>(a.input());  // every branch's input
        ChildOptions options;
        options.limit = [n = p.branches.size()] { return n; };
        options.ends_group = [](std::size_t, const Ending& e) { return !e.succeeded(); };
        ChildEndings done = co_await run_children(p.branches.size(), options, [&](std::size_t i) {
            return branch(self, s.name, &p.branches[i], i, input, entered);
        });
        if (done.decisive) co_return Result::failure(child_error(done.endings[*done.decisive]));
        json::object output;
        for (std::size_t i = 0; i < done.endings.size(); ++i)
            output["Branch" + std::to_string(i)] = std::move(done.endings[i].output);
        co_return Result::success(std::move(output));
    }

    static asio::awaitable<Ending> branch(std::shared_ptr<Run> self, std::string step,
                                          const flow::StateMachine* machine, std::size_t index,
                                          std::shared_ptr<const json::value> input, std::int64_t entered)
    {
        const std::int64_t opened = self->note("BranchEntered", step, entered, [&] {
            return json::object{{"Index", index}};
        });
        Ending ending = co_await scope(self, *machine, *input);
        self->note("BranchExited", step, opened, [&] {
            return ending.succeeded() ? json::object{{"Index", index}, {"Output", ending.output}}
                                      : json::object{{"Index", index}, {"Error", ending.error.code}};
        });
        co_return ending;
    }

    static asio::awaitable<Ending> iteration(std::shared_ptr<Run> self, std::string step,
                                             const flow::StateMachine* machine, std::size_t index, json::value item,
                                             std::int64_t entered)
    {
        const std::int64_t opened = self->note("IterationEntered", step, entered, [&] {
            return json::object{{"Index", index}, {"Input", item}};
        });
        Ending ending = co_await scope(self, *machine, std::move(item));
        self->note("IterationExited", step, opened, [&] {
            return ending.succeeded() ? json::object{{"Index", index}, {"Output", ending.output}}
                                      : json::object{{"Index", index}, {"Error", ending.error.code}};
        });
        co_return ending;
    }

    // ItemsPath's array, within the limit of items.
    boost::system::result<json::array, FlowError> items_of(const State& s, const flow::Map& m, const Attempt& a)
    {
        auto value = evaluate(m.items_path, s, a, "ItemsPath");
        if (!value) return value.error();
        if (!value->is_array())
            return runtime_error(s.where + ".ItemsPath: gives " + std::string(json_kind(*value)) + ", not an array");
        if (value->get_array().size() > setup_.limits.max_items)
            return runtime_error(s.where + ".ItemsPath: gives " + std::to_string(value->get_array().size()) +
                                 " items, more than " + std::to_string(setup_.limits.max_items));
        return std::move(value->get_array());
    }

    asio::awaitable<Result> map(const State& s, const flow::Map& m, const Attempt& a, std::int64_t entered)
    {
        auto items = items_of(s, m, a);
        if (!items) co_return Result::failure(items.error());
        if (m.distributed) co_return co_await distributed(s, m, a, std::move(*items), entered);
        // Each item is an iteration's input: a map, as every state's input.
        for (std::size_t i = 0; i < items->size(); ++i)
            if (!(*items)[i].is_object())
                co_return Result::failure(runtime_error(s.where + ".ItemsPath: item " + std::to_string(i) + " is " +
                                                        std::string(json_kind((*items)[i])) +
                                                        ": each item is an iteration's input, which must be a map"));
        auto self = shared_from_this();
        auto list = std::make_shared<json::array>(std::move(*items));
        ChildOptions options;
        options.limit = [n = static_cast<std::size_t>(m.max_concurrency)] { return n; };
        options.ends_group = [](std::size_t, const Ending& e) { return !e.succeeded(); };
        ChildEndings done = co_await run_children(list->size(), options, [&](std::size_t i) {
            return iteration(self, s.name, m.processor.get(), i, std::move((*list)[i]), entered);
        });
        if (done.decisive) co_return Result::failure(child_error(done.endings[*done.decisive]));
        json::array outputs;
        outputs.reserve(done.endings.size());
        for (auto& e : done.endings) outputs.push_back(std::move(e.output));
        co_return Result::success(json::object{{"Items", std::move(outputs)}});
    }

    // A distributed Map: each item (constructed, batched) is a child execution of a map run, which
    // UpdateMapRun may change while it runs; it fails past the failures it tolerates.
    asio::awaitable<Result> distributed(const State& s, const flow::Map& m, const Attempt& a, json::array items,
                                        std::int64_t entered)
    {
        if (m.max_items && items.size() > static_cast<std::size_t>(*m.max_items))
            items.resize(static_cast<std::size_t>(*m.max_items));
        json::array inputs;
        for (std::size_t i = 0; i < items.size(); ++i) {
            json::value item = std::move(items[i]);
            if (m.item_constructor) {
                auto built = construct(*m.item_constructor, s, a, nullptr, "ItemConstructor", &item);
                if (!built) co_return Result::failure(built.error());
                item = std::move(*built);
            } else if (!m.max_items_per_batch && !item.is_object()) {
                co_return Result::failure(runtime_error(
                    s.where + ".ItemsPath: item " + std::to_string(i) + " is " + std::string(json_kind(item)) +
                    ": each item is a child execution's input, which must be a map (an ItemConstructor can make one)"));
            }
            inputs.push_back(std::move(item));
        }
        if (m.max_items_per_batch) {
            const auto per = static_cast<std::size_t>(*m.max_items_per_batch);
            json::array batches;
            for (std::size_t i = 0; i < inputs.size(); i += per) {
                json::array batch;
                for (std::size_t j = i; j < std::min(inputs.size(), i + per); ++j)
                    batch.push_back(std::move(inputs[j]));
                batches.push_back(json::object{{"Items", std::move(batch)}});
            }
            inputs = std::move(batches);
        }

        std::shared_ptr<MapRun> run = host_->open_map_run(s, m, entered);
        // DescribeMapRun and UpdateMapRun need its name: the history gives it.
        note("StepStarted", s.name, entered, [&] {
            return json::object{{"Input", a.input()}, {"MapRunName", run->name}};
        });
        run->counts.total = run->counts.pending = static_cast<long long>(inputs.size());
        // However the Map ends (cancelled too), its map run ends with it.
        struct Close {
            MapRun& run;
            const FlowClock& clock;
            ~Close()
            {
                if (run.ended()) return;
                run.counts.aborted += run.counts.running + run.counts.pending;
                run.counts.running = run.counts.pending = 0;
                run.status = "Failed";
                run.stopped = clock.now();
            }
        } close{*run, *setup_.clock};

        auto self = shared_from_this();
        auto list = std::make_shared<json::array>(std::move(inputs));
        ChildOptions options;
        options.limit = [run] { return static_cast<std::size_t>(std::max<long long>(run->concurrency, 1)); };
        options.ends_group = [run](std::size_t, const Ending& e) {
            --run->counts.running;
            if (e.succeeded())
                ++run->counts.succeeded;
            else
                ++run->counts.failed;
            return run->beyond_tolerance();
        };
        options.wake = &run->wake;
        const auto deadline = setup_.deadline;
        ChildEndings done = co_await run_children(list->size(), options, [&](std::size_t i) {
            --run->counts.pending;
            ++run->counts.running;
            return self->host_->run_item(
                ItemRun{setup_.definition, m.processor.get(), m.item_mode, run, i, std::move((*list)[i]), deadline});
        });
        run->stopped = setup_.clock->now();
        if (done.decisive) {
            run->counts.aborted += run->counts.running + run->counts.pending;
            run->counts.running = run->counts.pending = 0;
            run->status = "Failed";
            const auto first = std::find_if(done.endings.begin(), done.endings.end(), [](const Ending& e) {
                return !e.succeeded() && e.kind != Ending::Kind::stopped;
            });
            FlowError error = first != done.endings.end() ? first->error : runtime_error("a child was stopped");
            error.detail = "map run " + run->name + ": " + std::to_string(run->counts.failed) + " of " +
                           std::to_string(run->counts.total) +
                           " items failed, more than it tolerates; the first: " + error.detail;
            co_return Result::failure(std::move(error));
        }
        run->status = "Succeeded";
        json::array outputs;
        outputs.reserve(done.endings.size());
        for (auto& e : done.endings)
            outputs.push_back(e.succeeded()
                                  ? std::move(e.output)
                                  : json::value(json::object{{"Error", e.error.code}, {"Cause", e.error.detail}}));
        co_return Result::success(json::object{{"Items", std::move(outputs)}});
    }

    RunSetup setup_;
    std::shared_ptr<ExecutionHost> host_;
    mutable std::optional<json::value> execution_;  // $Context.Execution, once read
    json::value global_ = json::object();           // $Global
    std::size_t transitions_ = 0;
    std::unordered_map<std::string, std::size_t> invocations_;  // per Task state's name: what mocks count
};

}  // namespace

asio::awaitable<Ending> interpret(RunSetup setup, std::shared_ptr<ExecutionHost> host)
{
    auto run = std::make_shared<Run>(std::move(setup), std::move(host));
    co_return co_await Run::root(std::move(run));
}

}  // namespace cloudflow::local
