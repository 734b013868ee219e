#include "rpc/replies.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// The length of the well-formed UTF-8 sequence at the start of `s` (Unicode 15, table 3-7), or 0.
std::size_t utf8_sequence(std::string_view s)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto in = [&](std::size_t i, unsigned lo, unsigned hi) {
        return i < s.size() && byte(i) >= lo && byte(i) <= hi;
    };
    const unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned lo = lead == 0xE0 ? 0xA0 : 0x80, hi = lead == 0xED ? 0x9F : 0xBF;
        return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned lo = lead == 0xF0 ? 0x90 : 0x80, hi = lead == 0xF4 ? 0x8F : 0xBF;
        return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view text)
{
    while (!text.empty()) {
        const std::size_t n = utf8_sequence(text);
        if (n == 0) return false;
        text.remove_prefix(n);
    }
    return true;
}

std::string valid_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t n = utf8_sequence(text);
        out.append(n != 0 ? text.substr(0, n) : std::string_view("\xEF\xBF\xBD"));  // U+FFFD
        text.remove_prefix(n != 0 ? n : 1);
    }
    return out;
}

std::string Replies::request_id()
{
    const std::uint64_t a = random_(), b = random_();
    return uuid_text(a, b);
}

std::string uuid_text(std::uint64_t a, std::uint64_t b)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08X-%04X-4%03X-%04X-%012llX", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buffer;
}

ServiceReply Replies::error(int status, std::string_view code, std::string_view message)
{
    const json::object body{{"RequestId", request_id()},
                            {"HostId", host_id_},
                            {"Code", valid_utf8(code)},
                            {"Message", valid_utf8(message)}};
    ServiceReply reply{status, json::serialize(body)};
    reply.summary = std::to_string(status) + " " + std::string(body.at("Code").get_string());
    return reply;
}

ServiceReply Replies::ok(json::object body)
{
    json::object out;
    out.reserve(body.size() + 1);
    out["RequestId"] = request_id();
    for (auto& [key, value] : body) out[key] = std::move(value);
    return ServiceReply{200, json::serialize(out)};
}

}  // namespace cloudflow::local
