/// @file
/// Every page of a paged operation (ListExecutions, GetExecutionHistory), and every item across
/// pages. It follows NextToken, and stops after a page without one, or when the service sends the
/// same token twice (which would otherwise loop for ever).
///
/// @code
///   cloudflow::Paginator pages(client, cloudflow::ListExecutionsRequest{.flow_name = "orders"});
///   for (;;) {
///       auto item = co_await pages.next_item();  // Result<std::optional<Execution>>
///       if (!item) co_return item.error();       // a call failed
///       if (!*item) break;                       // every page read
///       use(**item);
///   }
/// @endcode
#pragma once

#include <cloudflow/client.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cloudflow {

/// Walks every page of a paged operation, or every item across its pages (see the file's example).
template <class Request>
class Paginator {
public:
    using response_type = typename Request::response_type;  ///< the operation's answer: one page
    using item_type = typename response_type::item_type;    ///< one item of a page

    /// Starts at `request`'s next_token (usually none: the first page).
    Paginator(Client client, Request request, CallOptions options = {})
        : client_(std::move(client)), request_(std::move(request)), options_(std::move(options))
    {
    }

    /// Whether the last page has been read.
    bool done() const noexcept { return done_; }
    /// Pages read so far.
    std::size_t pages() const noexcept { return pages_; }

    /// The next page. A failed call can be tried again with another next(); after the last page,
    /// errc::invalid_request.
    boost::asio::awaitable<Result<response_type>> next()
    {
        if (done_) co_return make_error(errc::invalid_request, "the paginator has read every page");
        auto page = co_await client_.async_call(request_, options_, boost::asio::use_awaitable);
        if (!page) co_return page;
        ++pages_;
        const auto& token = page->next_token;
        if (!token || token->empty() || (previous_token_ && *previous_token_ == *token)) {
            done_ = true;
        } else {
            previous_token_ = *token;
            request_.next_token = *token;
        }
        co_return page;
    }

    /// The next item across pages; nullopt after the last one. A failed call can be tried again.
    boost::asio::awaitable<Result<std::optional<item_type>>> next_item()
    {
        while (position_ == buffer_.size()) {
            if (done_) co_return std::optional<item_type>();
            auto page = co_await next();
            if (!page) co_return page.error();
            buffer_ = std::move(page->items());
            position_ = 0;
        }
        co_return std::optional<item_type>(std::move(buffer_[position_++]));
    }

private:
    Client client_;
    Request request_;
    CallOptions options_;
    bool done_ = false;
    std::size_t pages_ = 0;
    std::optional<std::string> previous_token_;
    std::vector<item_type> buffer_;
    std::size_t position_ = 0;
};

}  // namespace cloudflow
