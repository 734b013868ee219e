// The JSON document temporary credentials come in, from the ECS metadata service, a credentials
// URI or STS: {"AccessKeyId","AccessKeySecret","SecurityToken","Expiration"}.
#pragma once

#include <cloudflow/credentials/refreshing.hpp>

#include <optional>
#include <string_view>

namespace cloudflow::detail {

// The credentials in `json_text`: at its top level, or in its member `member` when given (STS's
// "Credentials"). With `require_success`, the document must also say "Code": "Success". nullopt
// when it is not JSON, or lacks a key, a secret or a valid Expiration (UTC).
std::optional<TemporaryCredentials> parse_credentials_document(std::string_view json_text, bool require_success,
                                                               std::string_view member = {});

}  // namespace cloudflow::detail
