/// @file
/// URLs made safe to log: the query parameters and user information that carry secrets redacted.
#pragma once

#include <string>
#include <string_view>

namespace cloudflow {

/// `url` (a whole URL or an origin-form target, "/?query") with the value of every query parameter
/// that carries a secret or grants access replaced by `redacted`: Signature, SecurityToken,
/// x-acs-security-token, Authorization and AccessKeySecret, whatever their case or percent-encoding.
/// A password in the user information (`user:password@host`) becomes `redacted` too. The rest is
/// kept as it is, the AccessKeyId (not a secret) included.
std::string redact_url(std::string_view url);

}  // namespace cloudflow
