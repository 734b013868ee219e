/// @file
/// Temporary credentials (STS tokens with an expiry), cached and refreshed before they expire.
#pragma once

#include <cloudflow/clock.hpp>
#include <cloudflow/credentials/credentials.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <memory>

namespace cloudflow {

/// Credentials and when they expire.
struct TemporaryCredentials {
    Credentials credentials{};                           ///< the AccessKey pair and its security token
    std::chrono::system_clock::time_point expiration{};  ///< UTC
};

namespace detail {
class RefreshState;
}

/// The caching half of every provider of temporary credentials: a subclass says how to fetch; this
/// class decides when. Fresh credentials are served from the cache. Within `refresh_before` of
/// their expiry they are still served, and one refresh starts in the background. Expired (or
/// none yet), callers wait for one shared fetch. A failed refresh keeps the old credentials until
/// they really expire. Safe for concurrent calls from any thread; create it with std::make_shared.
class RefreshingCredentialsProvider : public CredentialsProvider,
                                      public std::enable_shared_from_this<RefreshingCredentialsProvider> {
public:
    /// When credentials are refreshed, and the clock that says so.
    struct Options {
        std::chrono::seconds refresh_before{180};  ///< how long before the expiry a background refresh starts
        std::shared_ptr<Clock> clock{};            ///< for expiry; null: the system clock
    };

    /// Refreshes run on `executor`.
    RefreshingCredentialsProvider(const boost::asio::any_io_executor& executor, Options options);
    ~RefreshingCredentialsProvider() override;

    boost::asio::awaitable<Result<Credentials>> get_credentials() final;

    /// How many fetches ran (for tests and metrics).
    int fetches() const;

protected:
    /// Fetches new temporary credentials, or a credentials_unavailable Error saying why not.
    virtual boost::asio::awaitable<Result<TemporaryCredentials>> fetch() = 0;

private:
    friend class detail::RefreshState;
    std::shared_ptr<detail::RefreshState> state_;
};

}  // namespace cloudflow
