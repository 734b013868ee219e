#include "rpc/replies.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

}  // namespace

std::string Replies::request_id()
{
    const std::uint64_t a = random_(), b = random_();
    return uuid_text(a, b);
}

ServiceReply Replies::error(int status, std::string_view code, std::string_view message)
{
    const json::object body{{"RequestId", request_id()},
                            {"HostId", host_id_},
                            {"Code", valid_utf8(code)},
                            {"Message", valid_utf8(message)}};
    ServiceReply reply{status, json_text(body)};
    reply.summary = std::to_string(status) + " " + std::string(body.at("Code").get_string());
    return reply;
}

ServiceReply Replies::ok(json::object body)
{
    // The body's text with the RequestId spliced in first: no second object is built. A UUID's
    // text needs no JSON escape.
    body.erase("RequestId");
    const std::string rest = json_text(body);  // {...}
    std::string text;
    text.reserve(rest.size() + 56);
    text += "{\"RequestId\":\"";
    text += request_id();
    text += body.empty() ? "\"" : "\",";
    text.append(rest, 1);
    return ServiceReply{200, std::move(text)};
}

}  // namespace cloudflow::local
