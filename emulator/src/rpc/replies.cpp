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
    json::value out(json::object_kind);
    json::object& members = out.get_object();
    members.reserve(body.size() + 1);
    members["RequestId"] = request_id();
    for (auto& [key, value] : body) members[key] = std::move(value);
    return ServiceReply{200, json_text(out)};
}

}  // namespace cloudflow::local
