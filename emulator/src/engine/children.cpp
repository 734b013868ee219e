#include "engine/children.hpp"

#include "lang/error_names.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <deque>
#include <memory>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;

// What the children share with their group: it outlives the group's frame when the io_context
// is torn down with children still pending.
struct Shared {
    explicit Shared(std::size_t count) : endings(count), signals(count), cancelled(count) {}
    std::vector<std::optional<Ending>> endings;
    std::vector<std::unique_ptr<asio::cancellation_signal>> signals;
    std::vector<bool> cancelled;    // the group cancelled it
    std::deque<std::size_t> ended;  // not yet seen by the group
    std::size_t running = 0;
    asio::steady_timer* wake = nullptr;  // null once the group is gone
};

// A child that ended with an exception was cancelled, or broke: the latter is a runtime error.
Ending from_exception(const std::exception_ptr& e)
{
    try {
        std::rethrow_exception(e);
    } catch (const boost::system::system_error& error) {
        if (error.code() == asio::error::operation_aborted) return Ending::stop();
        return Ending::failure({std::string(error_names::runtime), std::string("it broke off: ") + error.what()});
    } catch (const std::exception& error) {
        return Ending::failure({std::string(error_names::runtime), std::string("it broke off: ") + error.what()});
    }
}

}  // namespace

asio::awaitable<ChildEndings> run_children(std::size_t count, ChildOptions options,
                                           std::function<asio::awaitable<Ending>(std::size_t)> start)
{
    // The group itself decides what a cancellation from above means: it must first end its children.
    co_await asio::this_coro::throw_if_cancelled(false);
    const asio::any_io_executor executor = co_await asio::this_coro::executor;
    auto shared = std::make_shared<Shared>(count);
    asio::steady_timer wake(executor, std::chrono::steady_clock::time_point::max());
    shared->wake = &wake;
    if (options.wake) *options.wake = &wake;
    struct Unhook {
        Shared& shared;
        asio::steady_timer** hook;
        ~Unhook()
        {
            shared.wake = nullptr;
            if (hook) *hook = nullptr;
        }
    } unhook{*shared, options.wake};

    const auto spawn = [&](std::size_t i) {
        auto& signal = shared->signals[i] = std::make_unique<asio::cancellation_signal>();
        ++shared->running;
        asio::co_spawn(
            executor, start(i),
            asio::bind_cancellation_slot(signal->slot(), [shared, i](const std::exception_ptr& e, Ending ending) {
                // Cancelled, whatever it threw is the cancellation (a race of awaitable
                // operators throws multiple_exceptions, not operation_aborted).
                shared->endings[i] = !e ? std::move(ending) : shared->cancelled[i] ? Ending::stop() : from_exception(e);
                shared->ended.push_back(i);
                --shared->running;
                if (shared->wake) shared->wake->cancel();
            }));
    };
    const auto cancel_running = [&] {
        for (std::size_t i = 0; i < count; ++i)
            if (shared->signals[i] && !shared->endings[i]) {
                shared->cancelled[i] = true;
                shared->signals[i]->emit(asio::cancellation_type::terminal);
            }
    };

    ChildEndings out;
    bool stopping = false;
    bool cancelled = false;
    for (;;) {
        while (!shared->ended.empty()) {
            const std::size_t i = shared->ended.front();
            shared->ended.pop_front();
            if (!stopping && options.ends_group(i, *shared->endings[i])) {
                stopping = true;
                out.decisive = i;
                cancel_running();
            }
        }
        while (!stopping && out.started < count && shared->running < options.limit()) spawn(out.started++);
        if (shared->running == 0 && (stopping || out.started == count)) break;
        wake.expires_at(std::chrono::steady_clock::time_point::max());
        co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
        if (!cancelled && (co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) {
            cancelled = stopping = true;
            cancel_running();
        }
    }
    co_await asio::this_coro::throw_if_cancelled(true);
    if (cancelled) throw boost::system::system_error(asio::error::operation_aborted);
    out.endings.reserve(count);
    for (auto& ending : shared->endings) out.endings.push_back(ending ? std::move(*ending) : Ending::stop());
    co_return out;
}

}  // namespace cloudflow::local
