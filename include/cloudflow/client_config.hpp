/// @file
/// How a Client is set up, and what one call may change.
#pragma once

#include <cloudflow/clock.hpp>
#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/credentials/profile.hpp>
#include <cloudflow/http/http.hpp>
#include <cloudflow/http/https_transport_options.hpp>
#include <cloudflow/observer.hpp>
#include <cloudflow/request_limits.hpp>
#include <cloudflow/retry.hpp>
#include <cloudflow/rpc/request_method.hpp>
#include <cloudflow/rpc/signature_version.hpp>

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

/// A client's configuration: where calls go, the credentials, signing, retries, limits, timeouts, the transport's
/// settings and observers.
struct ClientConfig {
    /// The region, e.g. "cn-hangzhou": the endpoint is then https://{region_id}.fnf.aliyuncs.com.
    /// Empty, with no endpoint either: default_region_id() (ALIBABA_CLOUD_REGION_ID, then the aliyun
    /// CLI profile's region_id), read when the Client is made.
    std::string region_id{};
    /// An explicit endpoint ("https://host[:port]" or "http://127.0.0.1:port"); wins over region_id.
    std::string endpoint{};
    /// With region_id: the VPC endpoint https://{region_id}-internal.fnf.aliyuncs.com.
    bool vpc_endpoint = false;
    /// Required: where the AccessKey comes from.
    std::shared_ptr<CredentialsProvider> credentials{};

    /// How requests go: nullopt, each operation's own (POST for StartSyncExecution and the other
    /// writes, GET for reads, as the official SDK sends them); or this, for every operation.
    std::optional<RequestMethod> method{};
    SignatureVersion signature_version = SignatureVersion::v1;  ///< how requests are signed: V1 by default
    RetryPolicy retry{};     ///< how failed attempts are retried, and the client-wide retry budget
    RequestLimits limits{};  ///< the size limits checked before a request is sent
    /// The longest one attempt may take. An express execution may run for 5 minutes, so the
    /// default leaves room for that and the round trip. At least 1 ms (else the Client throws
    /// invalid_config); a value too long for the clock means no limit.
    std::chrono::milliseconds attempt_timeout = std::chrono::seconds(330);
    /// The default deadline of a whole call, retries and backoff included; none when unset. At
    /// least 1 ms (else the Client throws invalid_config); a value too long for the clock means
    /// no deadline.
    std::optional<std::chrono::milliseconds> timeout{};
    /// The HTTPS transport's settings (timeouts, pool, TLS trust), for clients that make their own.
    HttpsTransportOptions http{};
    /// Told about every attempt and every call's end (see observer.hpp; LoggingObserver in
    /// logging_observer.hpp logs them). With CLOUDFLOW_DEBUG=wire in the environment when the
    /// Client is constructed, the client adds a LoggingObserver writing to std::clog after these.
    std::vector<std::shared_ptr<CallObserver>> observers{};
    /// Appended to the User-Agent header after the SDK's own name and version.
    std::string user_agent_suffix{};

    /// Injection points, for tests. Null: the system clock, random UUIDs, a random jitter.
    std::shared_ptr<Clock> clock{};
    std::function<std::string()> nonce_source;  ///< a unique SignatureNonce per attempt
    std::function<double()> jitter_source;      ///< uniform in [0, 1)
};

/// What one call may set differently from the client's configuration.
struct CallOptions {
    /// This call's deadline, from its start. Under 1 ms: the call fails with invalid_request (field
    /// "timeout"); too long for the clock (e.g. milliseconds::max()): no deadline.
    std::optional<std::chrono::milliseconds> timeout{};
    std::optional<int> max_attempts{};          ///< this call's attempts in all, instead of RetryPolicy::max_attempts
    std::optional<bool> retry_sent_requests{};  ///< instead of RetryPolicy::retry_sent_requests, for this call
    /// This call's credentials, instead of ClientConfig::credentials: another account or role
    /// without a second client. Asked before each attempt, as the client's are.
    std::shared_ptr<CredentialsProvider> credentials{};
    /// Headers added to each attempt's request (observers see them in AttemptStart::request).
    /// Names are HTTP tokens and values hold no control characters but tab; a name the SDK or the
    /// signature sets (Host, Content-Type, Content-Length, Transfer-Encoding, Connection, Accept,
    /// Authorization, User-Agent, Date, x-acs-*) is refused: invalid_request, field "headers".
    Headers headers{};
};

/// The region of a ClientConfig that names neither `region_id` nor `endpoint`: the environment
/// variable ALIBABA_CLOUD_REGION_ID when set; else `region_id` of the aliyun CLI's profile
/// (`profile.cli_file`, else ~/.aliyun/config.json; `profile.profile`, else ALIBABA_CLOUD_PROFILE,
/// else the file's "current"), unless ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true. Else an
/// invalid_config Error (field "region_id") that says where it looked. The region is not checked
/// here: the Client checks it as any region_id.
Result<std::string> default_region_id(const ProfileOptions& profile = {});

/// The settings, one line, for logs: no secret appears (a proxy's password is redacted, CA PEM
/// text is shown by size, the credentials provider only as set or not).
std::ostream& operator<<(std::ostream& os, const HttpsTransportOptions& o);
/// The configuration, one line, for logs: no secret appears (as for HttpsTransportOptions).
std::ostream& operator<<(std::ostream& os, const ClientConfig& c);

}  // namespace cloudflow
