// An in-process cloudflow-local for tests: a Service on an io_context that lives as long as the
// session, so standard executions go on running between requests. Requests are signed (V1).
#pragma once

#include "lang/document.hpp"
#include "service.hpp"
#include "state/config.hpp"

#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/rpc/parameters.hpp>
#include <cloudflow/rpc/signer_v1.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cloudflow::test {

struct CallOptions {
    bool get = false;                  // GET with every parameter in the query; else POST with a form
    std::set<std::string> in_query{};  // POST: these go in the query (TaskToken does)
    std::string key_id = "id", secret = "s3cret";
};

class EmulatorSession {
public:
    explicit EmulatorSession(local::EmulatorConfig config) : service_(std::move(config), "test-host") {}
    // The io_context goes first, with the runs in it; the connections HTTP tasks opened on it go
    // before it.
    ~EmulatorSession() { service_.close_connections(); }
    EmulatorSession(const EmulatorSession&) = delete;
    EmulatorSession& operator=(const EmulatorSession&) = delete;

    local::Service& service() { return service_; }
    boost::asio::io_context& ioc() { return ioc_; }

    // The signed request of `params`.
    local::ServiceRequest request(cloudflow::Parameters params, const CallOptions& options = {})
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
        return r;
    }

    local::ServiceReply call(cloudflow::Parameters params, const CallOptions& options = {})
    {
        std::optional<local::ServiceReply> reply;
        boost::asio::co_spawn(
            ioc_,
            [&, r = request(std::move(params), options)]() mutable -> boost::asio::awaitable<void> {
                reply = co_await service_.handle(std::move(r));
            },
            boost::asio::detached);
        ioc_.restart();
        while (!reply && ioc_.run_one() != 0) {
        }
        REQUIRE(reply);
        return std::move(*reply);
    }

    // Sends `params` once `delay` has passed, while the session runs (a long poll in progress, say);
    // the answer, once there is one, is in what it returns.
    std::shared_ptr<std::optional<local::ServiceReply>>
    call_after(std::chrono::milliseconds delay, cloudflow::Parameters params, const CallOptions& options = {})
    {
        auto reply = std::make_shared<std::optional<local::ServiceReply>>();
        boost::asio::co_spawn(
            ioc_,
            [this, delay, reply, r = request(std::move(params), options)]() mutable -> boost::asio::awaitable<void> {
                boost::asio::steady_timer timer(ioc_, delay);
                co_await timer.async_wait(boost::asio::use_awaitable);
                *reply = co_await service_.handle(std::move(r));
            },
            boost::asio::detached);
        return reply;
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

    // Lets background executions run until `done` holds, checking every 5 ms, at most `most`
    // (a bound for a broken run, not a measure). Whether it holds.
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds most = std::chrono::seconds(10))
    {
        const auto give_up = std::chrono::steady_clock::now() + most;
        while (!done()) {
            if (std::chrono::steady_clock::now() > give_up) return false;
            run_for(std::chrono::milliseconds(5));
        }
        return true;
    }

    // The history events of an execution (every page).
    boost::json::array events(const std::string& flow, const std::string& execution)
    {
        cloudflow::Parameters p{
            {"Action", "GetExecutionHistory"}, {"FlowName", flow}, {"ExecutionName", execution}, {"Limit", "999"}};
        boost::json::array out;
        for (;;) {
            auto page = ok(p);
            for (auto& e : page.at("Events").as_array()) out.push_back(std::move(e));
            if (!page.contains("NextToken")) return out;
            p["NextToken"] = std::string(page.at("NextToken").as_string());
        }
    }

    // The tokens of the callback tasks an execution submitted (its TaskSubmitted events), in
    // order, once it has submitted `count` of them; the test fails when it does not.
    std::vector<std::string> task_tokens(const std::string& flow, const std::string& execution, std::size_t count = 1)
    {
        std::vector<std::string> tokens;
        const bool submitted = run_until([&] {
            tokens.clear();
            for (const auto& e : events(flow, execution))
                if (e.at("Type") == "TaskSubmitted")
                    tokens.emplace_back(
                        boost::json::parse(e.at("EventDetail").as_string()).at("TaskToken").as_string());
            return tokens.size() >= count;
        });
        INFO("execution " << execution << " of flow " << flow << " submitted " << tokens.size() << " tasks, not "
                          << count);
        REQUIRE(submitted);
        return tokens;
    }

    std::string task_token(const std::string& flow, const std::string& execution)
    {
        return task_tokens(flow, execution).front();
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

// The configuration `text` (YAML or JSON, as a config file) describes; the test fails, naming the
// mistake, when it does not parse.
inline local::EmulatorConfig parse_test_config(std::string_view text)
{
    const auto document = local::read_document(text);
    if (!document) FAIL("the config is not YAML or JSON: " << document.error().text());
    std::string error;
    auto config = local::parse_config(*document, error);
    INFO(error);
    REQUIRE(config);
    return *config;
}

// The EventDetail of `event`, parsed.
inline boost::json::value detail(const boost::json::value& event)
{
    return boost::json::parse(event.at("EventDetail").as_string());
}

// The Type of each of `events`, in order.
inline std::vector<std::string> types(const boost::json::array& events)
{
    std::vector<std::string> out;
    for (const auto& e : events) out.emplace_back(e.at("Type").as_string());
    return out;
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
