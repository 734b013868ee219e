// Building RFC 3986 encoded `name=value&...` text without a temporary string per piece.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace cloudflow::detail {

// Appends `text` percent-encoded (A-Z a-z 0-9 - _ . ~ as they are; every other byte as %XY).
// True when it needed no escape, so what was appended is `text` itself.
bool append_percent_encoded(std::string& out, std::string_view text);

// Reached only by a PlainText that needs percent-encoding: not constexpr, so that one does not compile.
void plain_text_needs_encoding();

// Text written in the code that needs no percent-encoding (A-Z a-z 0-9 - _ . ~ only), checked
// when it is compiled: a parameter's name or value that is copied without a check.
class PlainText {
public:
    consteval PlainText(const char* text) : text_(text)
    {
        for (const char c : text_)
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.' || c == '~'))
                plain_text_needs_encoding();
    }
    constexpr std::string_view view() const noexcept { return text_; }

private:
    std::string_view text_;
};

struct ParameterView {
    std::string_view name, value;
    bool plain_name = false, plain_value = false;  // known to need no escape (PlainText)
    friend bool operator<(const ParameterView& a, const ParameterView& b) noexcept { return a.name < b.name; }
};

// A parameter whose name is written in the code; its value is checked as any other.
constexpr ParameterView with_plain_name(PlainText name, std::string_view value) noexcept
{
    return {name.view(), value, true, false};
}
// A parameter whose name and value are both written in the code.
constexpr ParameterView plain_parameter(PlainText name, PlainText value) noexcept
{
    return {name.view(), value.view(), true, true};
}

// Appends `name=value` pairs joined with `&`, each percent-encoded, in the order given.
void append_encoded_query(std::string& out, std::span<const ParameterView> params);

// Appends `params` to a canonical query being built, as append_encoded_query does (joined with `&`
// to what `canonical` already holds), and the same text percent-encoded once more to
// `string_to_sign`, as a V1 string to sign holds the canonical query. A piece whose first encoding
// has no escape is copied; only the others are encoded a second time.
void append_signed_query(std::string& canonical, std::string& string_to_sign, std::span<const ParameterView> params);

}  // namespace cloudflow::detail
