// Client::wait_for_execution: DescribeExecution long polls until the execution ends.
#include <cloudflow/client.hpp>

#include "client/client_impl.hpp"
#include "util/deadline.hpp"

#include <algorithm>

namespace cloudflow {

namespace {

using namespace std::chrono_literals;

Error wait_timed_out(const std::string& flow_name, const std::string& execution_name, std::chrono::milliseconds timeout,
                     const std::optional<DescribeExecutionResponse>& last)
{
    std::string message = "execution " + execution_name + " of flow " + flow_name + " had not ended after " +
                          std::to_string(timeout.count()) + " ms";
    if (last) {
        message += " (last status " + last->status_text + ", RequestId " + last->request_id + ")";
    }
    Error e = make_error(errc::timeout, std::move(message));
    if (last) e.request_id = last->request_id;
    return e;
}

}  // namespace

boost::asio::awaitable<Result<DescribeExecutionResponse>>
Client::wait_for_execution(std::string flow_name, std::string execution_name, WaitOptions options)
{
    if (options.poll < 1s || options.poll > 60s)
        co_return make_error(errc::invalid_request, "poll must be 1 to 60 s", "poll");
    if (options.timeout)
        if (auto broken = detail::timeout_rule("timeout", *options.timeout))
            co_return make_error(errc::invalid_request, std::move(*broken), "timeout");

    Clock& clock = impl_->clock();
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (options.timeout)
        if (const auto end = detail::saturating_add(clock.now(), *options.timeout);
            end != std::chrono::steady_clock::time_point::max())
            deadline = end;

    std::optional<DescribeExecutionResponse> last;
    for (;;) {
        DescribeExecutionRequest request{flow_name, execution_name, options.poll};
        CallOptions call = options.call;
        std::chrono::steady_clock::duration left = std::chrono::steady_clock::duration::max();
        if (deadline) {
            left = *deadline - clock.now();
            if (left <= 0s) break;
            // The last poll ends with the wait: it asks the service to hold no longer than what is
            // left, and the call's own timeout is cut to it.
            request.wait_time = std::min(options.poll, std::chrono::ceil<std::chrono::seconds>(left));
            const auto left_ms = std::chrono::ceil<std::chrono::milliseconds>(left);
            call.timeout = call.timeout ? std::min(*call.timeout, left_ms) : left_ms;
        }

        const auto asked = clock.now();
        auto described = co_await describe_execution(std::move(request), std::move(call));
        if (!described) {
            if (described.error().code == errc::timeout && deadline && clock.now() >= *deadline) break;
            co_return std::move(described).error();
        }
        if (is_terminal(described->status)) co_return described;
        last = std::move(*described);

        // A service that answers before its long poll is up (or ignores it) is asked again after a
        // second, not in a tight loop.
        if (const auto took = clock.now() - asked; took < 1s) {
            const auto pause = std::min<std::chrono::steady_clock::duration>(1s - took, left);
            if (co_await clock.sleep_for(pause))
                co_return make_error(errc::cancelled, "the wait for execution " + execution_name + " was cancelled");
        }
    }
    co_return wait_timed_out(flow_name, execution_name, *options.timeout, last);
}

}  // namespace cloudflow
