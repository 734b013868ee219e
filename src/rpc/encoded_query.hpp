// Building RFC 3986 encoded `name=value&...` text without a temporary string per piece.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace cloudflow::detail {

// Appends `text` percent-encoded (A-Z a-z 0-9 - _ . ~ as they are; every other byte as %XY).
// True when it needed no escape, so what was appended is `text` itself.
bool append_percent_encoded(std::string& out, std::string_view text);

struct ParameterView {
    std::string_view name, value;
    friend bool operator<(const ParameterView& a, const ParameterView& b) noexcept { return a.name < b.name; }
};

// Appends `name=value` pairs joined with `&`, each percent-encoded, in the order given.
void append_encoded_query(std::string& out, std::span<const ParameterView> params);

// Appends `params` to a canonical query being built, as append_encoded_query does (joined with `&`
// to what `canonical` already holds), and the same text percent-encoded once more to
// `string_to_sign`, as a V1 string to sign holds the canonical query. A piece whose first encoding
// has no escape is copied; only the others are encoded a second time.
void append_signed_query(std::string& canonical, std::string& string_to_sign, std::span<const ParameterView> params);

}  // namespace cloudflow::detail
