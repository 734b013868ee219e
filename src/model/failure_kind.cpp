#include <cloudflow/failure_kind.hpp>

namespace cloudflow {

FailureKind classify(const Error& e) noexcept
{
    // retries_exhausted keeps the last attempt's status; its cause is that attempt's code.
    const boost::system::error_code& code = e.code == errc::retries_exhausted && e.cause ? e.cause : e.code;
    if (code == errc::resource_throttled || e.http_status == 429) return FailureKind::throttled;
    switch (e.http_status) {
    case 500:
    case 502:
    case 503:
    case 504: return FailureKind::transient;
    default: break;
    }
    if (code == errc::internal_server_error) return FailureKind::transient;
    if (code == errc::connection_failed) return FailureKind::not_sent;
    if (code == errc::timeout || code == errc::network_failure) return FailureKind::maybe_sent;
    return FailureKind::permanent;
}

}  // namespace cloudflow
