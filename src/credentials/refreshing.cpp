#include <cloudflow/credentials/refreshing.hpp>

#include "util/deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <optional>
#include <vector>

namespace cloudflow {
namespace detail {

namespace asio = boost::asio;

// Everything runs on one strand: the cache, the flag of a fetch in progress, and its waiters.
class RefreshState {
public:
    RefreshState(const asio::any_io_executor& executor, RefreshingCredentialsProvider::Options options)
        : strand_(asio::make_strand(executor)), options_(std::move(options))
    {
        if (auto broken = not_negative_rule("refresh_before", options_.refresh_before))
            throw Exception(make_error(errc::invalid_config, std::move(*broken), "refresh_before"));
        if (!options_.clock) options_.clock = make_system_clock();
    }

    static asio::awaitable<Result<Credentials>> obtain(std::shared_ptr<RefreshingCredentialsProvider> provider)
    {
        RefreshState& self = *provider->state_;
        for (;;) {
            const auto now = self.options_.clock->system_now();
            // Saturating: an expiration at the clock's start, or a refresh_before too long for the
            // clock, means "refresh now", never a wrapped-around time far in the future.
            if (self.cached_ && now < saturating_sub(self.cached_->expiration, self.options_.refresh_before))
                co_return self.cached_->credentials;
            if (self.cached_ && now < self.cached_->expiration) {
                // Still valid: serve it, and refresh in the background (once).
                if (!self.fetching_) {
                    self.fetching_ = true;
                    asio::co_spawn(self.strand_, refresh(provider), asio::detached);
                }
                co_return self.cached_->credentials;
            }
            if (self.fetching_) {  // someone is fetching: wait for them, then look again
                asio::steady_timer timer(self.strand_, std::chrono::minutes(5));
                self.waiters_.push_back(&timer);
                co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
                std::erase(self.waiters_, &timer);
                const bool usable = self.cached_ && self.options_.clock->system_now() < self.cached_->expiration;
                if (!self.fetching_ && !usable && self.last_error_) co_return *self.last_error_;
                continue;
            }
            self.fetching_ = true;
            co_await refresh(provider);
            if (!self.cached_ || self.options_.clock->system_now() >= self.cached_->expiration)
                co_return self.last_error_ ? *self.last_error_
                                           : make_error(errc::credentials_unavailable, "the credentials expired");
        }
    }

    asio::any_io_executor strand() const { return strand_; }
    int fetches() const { return fetches_.load(); }

private:
    static asio::awaitable<void> refresh(std::shared_ptr<RefreshingCredentialsProvider> provider)
    {
        RefreshState& self = *provider->state_;
        ++self.fetches_;
        auto fetched = co_await provider->fetch();
        if (fetched) {
            self.cached_ = std::move(*fetched);
            self.last_error_.reset();
        } else {
            self.last_error_ = std::move(fetched).error();  // the old credentials stay until they expire
        }
        self.fetching_ = false;
        for (auto* waiter : self.waiters_) waiter->cancel();
    }

    asio::any_io_executor strand_;
    RefreshingCredentialsProvider::Options options_;
    std::optional<TemporaryCredentials> cached_;
    std::optional<Error> last_error_;
    bool fetching_ = false;
    std::vector<asio::steady_timer*> waiters_;
    std::atomic<int> fetches_{0};
};

}  // namespace detail

RefreshingCredentialsProvider::RefreshingCredentialsProvider(const boost::asio::any_io_executor& executor,
                                                             Options options)
    : state_(std::make_shared<detail::RefreshState>(executor, std::move(options)))
{
}

RefreshingCredentialsProvider::~RefreshingCredentialsProvider() = default;

boost::asio::awaitable<Result<Credentials>> RefreshingCredentialsProvider::get_credentials()
{
    co_return co_await boost::asio::co_spawn(state_->strand(), detail::RefreshState::obtain(shared_from_this()),
                                             boost::asio::use_awaitable);
}

int RefreshingCredentialsProvider::fetches() const
{
    return state_->fetches();
}

}  // namespace cloudflow
