/// @file
/// How a request is signed: a ground type every layer may use.
#pragma once

namespace cloudflow {

/// How requests are signed: V1 (HMAC-SHA1, the signature among the parameters; what the official
/// fnf SDK sends) or V3 (ACS3-HMAC-SHA256, the signature in the Authorization header).
enum class SignatureVersion {
    v1,  ///< RPC signature V1, HMAC-SHA1 (SignatureVersion 1.0)
    v3   ///< signature V3, ACS3-HMAC-SHA256
};

}  // namespace cloudflow
