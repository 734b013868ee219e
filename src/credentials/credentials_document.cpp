#include "credentials/credentials_document.hpp"
#include "util/deadline.hpp"
#include "util/json.hpp"

#include <cloudflow/model/timestamp.hpp>

#include <boost/json/parse.hpp>

namespace cloudflow::detail {

std::optional<TemporaryCredentials> parse_credentials_document(std::string_view json_text, bool require_success,
                                                               std::string_view member)
{
    boost::system::error_code ec;
    const auto json = boost::json::parse(json_text, ec);
    const auto* root = ec ? nullptr : json.if_object();
    if (root == nullptr) return std::nullopt;
    const auto text = string_or_empty;
    if (require_success && text(*root, "Code") != "Success") return std::nullopt;
    const boost::json::object* doc = root;
    if (!member.empty()) {
        const auto* inner = root->if_contains(member);
        doc = inner ? inner->if_object() : nullptr;
        if (doc == nullptr) return std::nullopt;
    }
    const auto expiration = parse_timestamp(text(*doc, "Expiration"));
    TemporaryCredentials out{{text(*doc, "AccessKeyId"), text(*doc, "AccessKeySecret"), text(*doc, "SecurityToken")},
                             {}};
    if (out.credentials.access_key_id.empty() || out.credentials.access_key_secret.empty() || !expiration)
        return std::nullopt;
    if (out.credentials.security_token && out.credentials.security_token->empty())
        out.credentials.security_token.reset();
    // A Timestamp holds any four-digit year; system_clock (nanoseconds) does not. Past its end the
    // credentials do not expire soon (the clock's max()); before its start they have long expired.
    out.expiration = detail::saturating_cast<std::chrono::system_clock::time_point>(*expiration);
    return out;
}

}  // namespace cloudflow::detail
