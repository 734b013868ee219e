#include <cloudflow/testing/mock_transport.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace cloudflow::testing {

MockReply MockReply::respond(int status, std::string body, Headers headers)
{
    return MockReply{HttpResponse{status, std::move(headers), std::move(body)}};
}

MockReply MockReply::execution(std::string_view flow_name, std::string_view status, std::string_view output_json,
                               std::string_view request_id)
{
    const boost::json::value body{{"RequestId", request_id},
                                  {"FlowName", flow_name},
                                  {"Name", "exec:00000000-0000-4000-8000-000000000000"},
                                  {"Status", status},
                                  {"Output", output_json},
                                  {"StartedTime", "2024-01-01T00:00:00.000Z"},
                                  {"StoppedTime", "2024-01-01T00:00:00.100Z"}};
    return respond(200, boost::json::serialize(body), {{"Content-Type", "application/json"}});
}

MockReply MockReply::service_error(int status, std::string_view code, std::string_view message,
                                   std::string_view request_id)
{
    const boost::json::value body{
        {"RequestId", request_id}, {"HostId", "cn-hangzhou.fnf.aliyuncs.com"}, {"Code", code}, {"Message", message}};
    return respond(status, boost::json::serialize(body), {{"Content-Type", "application/json"}});
}

MockReply MockReply::failure(errc code, std::string message)
{
    Error e = make_error(code, message.empty() ? make_error_code(code).message() : std::move(message));
    return MockReply{std::move(e)};
}

MockReply MockReply::hang()
{
    MockReply reply = failure(errc::timeout);
    reply.delay = std::chrono::steady_clock::duration::max();
    return reply;
}

MockReply MockReply::after(std::chrono::steady_clock::duration d) &&
{
    delay = d;
    return std::move(*this);
}

MockTransport::MockTransport(std::shared_ptr<Clock> clock) : clock_(clock ? std::move(clock) : make_system_clock()) {}

MockTransport& MockTransport::push(MockReply reply)
{
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(reply));
    return *this;
}

MockTransport& MockTransport::on_request(std::function<MockReply(const RecordedRequest&)> handler)
{
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
    return *this;
}

MockTransport& MockTransport::on_action(std::string action, std::function<MockReply(const RecordedRequest&)> handler)
{
    std::lock_guard lock(mutex_);
    action_handlers_.insert_or_assign(std::move(action), std::move(handler));
    return *this;
}

boost::asio::awaitable<Result<HttpResponse>> MockTransport::send(HttpRequest request,
                                                                 std::chrono::steady_clock::time_point deadline)
{
    RecordedRequest recorded{std::move(request), {}, deadline};
    const auto query = recorded.http.target.find('?');
    if (query != std::string::npos)
        if (auto params = decode_parameters(std::string_view(recorded.http.target).substr(query + 1)))
            recorded.params = std::move(*params);
    if (auto params = decode_parameters(recorded.http.body)) recorded.params.insert(params->begin(), params->end());
    if (auto header = find_header(recorded.http.headers, "x-acs-action"))
        recorded.action = std::string(*header);
    else if (auto action = recorded.params.find("Action"); action != recorded.params.end())
        recorded.action = action->second;

    std::optional<MockReply> reply;
    std::function<MockReply(const RecordedRequest&)> handler;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(recorded);
        if (!script_.empty()) {
            reply = std::move(script_.front());
            script_.pop_front();
        } else if (auto by_action = action_handlers_.find(recorded.action); by_action != action_handlers_.end()) {
            handler = by_action->second;
        } else if (handler_) {
            handler = handler_;
        } else {
            ++unexpected_;
        }
    }
    if (handler) reply = handler(recorded);  // outside the lock: the handler may use the mock
    if (!reply)
        co_return make_error(errc::network_failure,
                             "MockTransport: no scripted reply for request #" + std::to_string(request_count()));

    if (reply->delay > std::chrono::steady_clock::duration::zero()) {
        const auto now = clock_->now();
        const auto left = deadline > now ? deadline - now : std::chrono::steady_clock::duration::zero();
        const bool times_out = reply->delay >= left;
        const auto ec = co_await clock_->sleep_for(times_out ? left : reply->delay);
        if (ec) co_return make_error(errc::cancelled, "MockTransport: the send was cancelled");
        if (times_out) co_return make_error(errc::timeout, "MockTransport: the attempt's deadline passed");
    }
    if (auto* error = std::get_if<Error>(&reply->outcome)) co_return *error;
    co_return std::get<HttpResponse>(reply->outcome);
}

std::vector<RecordedRequest> MockTransport::requests() const
{
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t MockTransport::request_count() const
{
    std::lock_guard lock(mutex_);
    return requests_.size();
}

std::size_t MockTransport::remaining() const
{
    std::lock_guard lock(mutex_);
    return script_.size();
}

std::size_t MockTransport::unexpected() const
{
    std::lock_guard lock(mutex_);
    return unexpected_;
}

}  // namespace cloudflow::testing
