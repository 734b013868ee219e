// The printed form of the settings, for logs: every field a user sets, no secret.
#include <cloudflow/client_config.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <ostream>

namespace cloudflow {
namespace {

// A proxy URL with its password (if any) replaced.
std::string redacted_proxy(const std::string& proxy)
{
    auto parsed = boost::urls::parse_uri(proxy);
    if (!parsed) return proxy.find('@') == std::string::npos ? proxy : "<unparsable, redacted>";
    boost::urls::url url(*parsed);
    if (url.has_password()) url.set_password("redacted");
    return std::string(url.buffer());
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const HttpsTransportOptions& o)
{
    os << "HttpsTransportOptions{connect_timeout=" << o.connect_timeout.count()
       << "ms, tls_handshake_timeout=" << o.tls_handshake_timeout.count()
       << "ms, max_connections_per_endpoint=" << o.max_connections_per_endpoint
       << ", idle_timeout=" << o.idle_timeout.count() << "ms, tcp_keep_alive=" << o.tcp_keep_alive
       << ", keep_alive_idle=" << o.keep_alive_idle.count()
       << "s, keep_alive_interval=" << o.keep_alive_interval.count() << "s, keep_alive_probes=" << o.keep_alive_probes
       << ", max_response_header_bytes=" << o.max_response_header_bytes
       << ", max_response_body_bytes=" << o.max_response_body_bytes << ", proxy=" << redacted_proxy(o.proxy)
       << ", no_proxy=" << o.no_proxy << ", proxy_from_environment=" << o.proxy_from_environment
       << ", ca_file=" << o.ca_file << ", ca_pem=<" << o.ca_pem.size() << " bytes>";
    if (o.insecure_skip_tls_verify_for_testing_only) os << ", INSECURE_SKIP_TLS_VERIFY";
    return os << '}';
}

std::ostream& operator<<(std::ostream& os, const ClientConfig& c)
{
    const auto optional_ms = [](const std::optional<std::chrono::milliseconds>& d) {
        return d ? std::to_string(d->count()) + "ms" : std::string("none");
    };
    os << "ClientConfig{region_id=" << c.region_id << ", endpoint=" << c.endpoint << ", vpc_endpoint=" << c.vpc_endpoint
       << ", credentials=" << (c.credentials ? "<provider>" : "<none>") << ", method="
       << (!c.method                          ? "per operation"
           : *c.method == RequestMethod::post ? "POST"
                                              : "GET")
       << ", signature_version=" << (c.signature_version == SignatureVersion::v1 ? "v1" : "v3")
       << ", retry={max_attempts=" << c.retry.max_attempts << ", base_delay=" << c.retry.base_delay.count()
       << "ms, throttle_base_delay=" << c.retry.throttle_base_delay.count()
       << "ms, max_delay=" << c.retry.max_delay.count() << "ms, retry_sent_requests=" << c.retry.retry_sent_requests
       << ", budget_capacity=" << c.retry.budget_capacity
       << "}, limits={max_request_bytes=" << c.limits.max_request_bytes
       << ", max_input_bytes=" << c.limits.max_input_bytes << ", max_json_depth=" << c.limits.max_json_depth
       << "}, attempt_timeout=" << c.attempt_timeout.count() << "ms, timeout=" << optional_ms(c.timeout)
       << ", http=" << c.http << ", observers=" << c.observers.size() << ", user_agent_suffix=" << c.user_agent_suffix
       << '}';
    return os;
}

}  // namespace cloudflow
