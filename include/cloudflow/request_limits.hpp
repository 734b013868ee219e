/// @file
/// Size limits checked before a request is sent.
#pragma once

#include <cstddef>

namespace cloudflow {

/// The size limits a request is checked against before it is sent, and the depth of JSON accepted.
struct RequestLimits {
    /// The service's maximum request size: 1,024 KiB (CloudFlow limits). Checked on the encoded
    /// form body (POST) or query string (GET), signature included.
    std::size_t max_request_bytes = std::size_t{1024} * 1024;
    /// The service's maximum event data size: 64 KiB (CloudFlow limits). Checked on the serialized
    /// Input. 0 turns the check off.
    std::size_t max_input_bytes = std::size_t{64} * 1024;
    /// The deepest nesting of arrays and objects accepted in a JSON document: an Input given as
    /// text, and a response's body and Output. The service accepts deep documents; the parser
    /// needs no stack for depth, but destroying a document recurses once per level, so keep this
    /// within what the thread's stack affords (1,000 levels need well under 1 MiB).
    std::size_t max_json_depth = 1000;
};

}  // namespace cloudflow
