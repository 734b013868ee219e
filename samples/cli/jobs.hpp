// What the commands share: one call printed, every page walked, and the options that several
// commands read the same way.
#pragma once

#include "arguments.hpp"
#include "commands.hpp"
#include "output.hpp"

#include <cloudflow/cloudflow.hpp>
#include <cloudflow/paginator.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace cloudflow::cli {

template <class Response>
int print(const Result<Response>& r)
{
    if (!r) return print_failure(r.error());
    if constexpr (std::is_base_of_v<Execution, Response>)
        return print_success(with_request_id(r->request_id, display(static_cast<const Execution&>(*r))));
    else
        return print_success(display(*r));
}

// One call, printed. The request is the coroutine's own copy: the job that made it may go.
template <class Request>
boost::asio::awaitable<int> call_and_print(Client& client, Request request, CallOptions options)
{
    co_return print(co_await client.async_call(std::move(request), std::move(options), boost::asio::use_awaitable));
}

// The pages from the request's next_token on, up to `max_items` items, as a JSON array under `key`,
// and "NextToken": the token of the page after the last one read, null when that was the last page.
// Items of the last page read beyond `max_items` are not printed.
template <class Request>
boost::asio::awaitable<int> print_pages(Client& client, Request request, CallOptions options, std::string_view key,
                                        std::size_t max_items)
{
    Paginator pages(client, std::move(request), std::move(options));
    boost::json::array items;
    std::optional<std::string> next_token;
    while (items.size() < max_items && !pages.done()) {
        auto page = co_await pages.next();
        if (!page) co_return print_failure(page.error());
        for (const auto& item : page->items()) {
            if (items.size() == max_items) break;
            items.push_back(display(item));
        }
        next_token = page->next_token;
    }
    boost::json::object out{{key, std::move(items)}};
    out["NextToken"] = pages.done() || !next_token ? boost::json::value(nullptr) : boost::json::value(*next_token);
    co_return print_success(out);
}

// The job of a command that makes one call and prints it.
template <class Request>
Job call_job(Request r)
{
    return [r](Client& client, CallOptions options) { return call_and_print(client, r, std::move(options)); };
}

// The job of a List command: every page from --next-token on (up to --max-items items), under
// `key`, with the NextToken left.
template <class Request>
Job pages_job(Request r, std::string_view key, std::size_t max_items)
{
    return [r, key, max_items](Client& client, CallOptions options) {
        return print_pages(client, r, std::move(options), key, max_items);
    };
}

// A whole number from `low` to `high` as an int, or nullopt when the flag is absent.
std::optional<int> take_int(Arguments& args, std::string_view flag, int low, int high);
// --max-items N (N >= 1); every item when absent.
std::size_t take_max_items(Arguments& args);

}  // namespace cloudflow::cli
