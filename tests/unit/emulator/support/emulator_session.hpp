// An in-process cloudflow-local for tests: a Service on an io_context that lives as long as the
// session, so standard executions go on running between requests. Requests are signed (V1).
#pragma once

#include "service.hpp"
#include "state/config.hpp"

#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/rpc/parameters.hpp>
#include <cloudflow/rpc/signer_v1.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>

namespace cloudflow::test {

struct CallOptions {
    bool get = false;                  // GET with every parameter in the query; else POST with a form
    std::set<std::string> in_query{};  // POST: these go in the query (TaskToken does)
    std::string key_id = "id", secret = "s3cret";
};

class EmulatorSession {
public:
    explicit EmulatorSession(local::EmulatorConfig config) : service_(std::move(config), "test-host") {}

    local::Service& service() { return service_; }
    boost::asio::io_context& ioc() { return ioc_; }

    local::ServiceReply call(cloudflow::Parameters params, const CallOptions& options = {})
    {
        params["Version"] = "2019-03-15";
        params["AccessKeyId"] = options.key_id;
        params["SignatureMethod"] = "HMAC-SHA1";
        params["SignatureVersion"] = "1.0";
        params["SignatureNonce"] = "nonce-" + std::to_string(++nonce_);
        params["Timestamp"] =
            format_timestamp(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
        params["Format"] = "JSON";
        const char* method = options.get ? "GET" : "POST";
        params["Signature"] = sign_rpc_v1(method, params, options.secret).signature;
        local::ServiceRequest r;
        r.method = method;
        cloudflow::Parameters query, form;
        for (auto& [k, v] : params) (options.get || options.in_query.contains(k) ? query : form)[k] = v;
        r.target = query.empty() ? "/" : "/?" + canonical_query(query);
        if (!form.empty()) {
            r.content_type = "application/x-www-form-urlencoded";
            r.body = canonical_query(form);
        }
        std::optional<local::ServiceReply> reply;
        boost::asio::co_spawn(
            ioc_, [&]() -> boost::asio::awaitable<void> { reply = co_await service_.handle(std::move(r)); },
            boost::asio::detached);
        ioc_.restart();
        while (!reply && ioc_.run_one() != 0) {
        }
        REQUIRE(reply);
        return std::move(*reply);
    }

    // The 200 answer's body; fails the test on any other answer.
    boost::json::object ok(cloudflow::Parameters params, const CallOptions& options = {})
    {
        const auto reply = call(std::move(params), options);
        INFO(reply.body);
        REQUIRE(reply.status == 200);
        return body(reply);
    }

    // Lets background executions run for `d`.
    void run_for(std::chrono::milliseconds d)
    {
        ioc_.restart();
        ioc_.run_for(d);
    }

    static boost::json::object body(const local::ServiceReply& reply)
    {
        boost::system::error_code ec;
        auto value = boost::json::parse(reply.body, ec);
        INFO(reply.body);
        REQUIRE_FALSE(ec);
        REQUIRE(value.is_object());
        return value.get_object();
    }

private:
    local::Service service_;
    boost::asio::io_context ioc_;  // after the service: destroyed first, with the runs in it
    int nonce_ = 0;
};

// The configuration `text` describes; the test fails, naming the mistake, when it does not parse.
inline local::EmulatorConfig parse_test_config(std::string_view text)
{
    std::string error;
    auto config = local::parse_config(boost::json::parse(text), error);
    INFO(error);
    REQUIRE(config);
    return *config;
}

// An error answer with `status` and `code` (and `message`, when given), a RequestId and a HostId.
inline void check_error(const local::ServiceReply& reply, int status, const std::string& code,
                        const std::string& message = "")
{
    INFO(reply.body);
    CHECK(reply.status == status);
    const auto body = EmulatorSession::body(reply);
    CHECK(body.at("Code") == code.c_str());
    CHECK(body.contains("RequestId"));
    CHECK(body.contains("HostId"));
    if (!message.empty()) CHECK(body.at("Message") == message.c_str());
}

}  // namespace cloudflow::test
