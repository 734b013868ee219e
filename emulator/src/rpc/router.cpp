#include "rpc/router.hpp"

namespace cloudflow::local {

Router::Router(Backend backend, std::vector<std::span<const Route>> routes)
    : backend_(backend), verifier_(backend.config), faults_(backend.config, backend.replies.random()),
      rate_limit_(backend.config.throttle_rate)
{
    for (const auto& group : routes)
        for (const Route& r : group) handlers_[r.action] = r.handler;
}

bool Router::serves(std::string_view action) const
{
    return handlers_.contains(action);
}

boost::asio::awaitable<ServiceReply> Router::handle(ServiceRequest request)
{
    auto opened = open_envelope(
        request, verifier_, [this](std::string_view action) { return serves(action); },
        std::chrono::system_clock::now());
    Replies& replies = backend_.replies;
    if (auto* refusal = std::get_if<Refusal>(&opened)) co_return replies.error(*refusal);
    const Envelope& envelope = std::get<Envelope>(opened);
    // Once the signature is good, before the action: the service counts an account's calls.
    if (!rate_limit_.admit(std::chrono::steady_clock::now())) co_return replies.error(throttled());

    RpcContext ctx{*envelope.key, envelope.params, backend_, faults_};
    ServiceReply reply;
    try {
        reply = co_await handlers_.at(envelope.action)(ctx);
        if (reply.summary.empty()) reply.summary = "200 " + envelope.action;
    } catch (const Refusal& refusal) {
        reply = replies.error(refusal);
    }
    // Refusals before the fault step are neither faulted nor delayed, and the log names no flow.
    if (ctx.fault_flow) {
        reply.latency = backend_.clock.real_duration(std::chrono::duration<double>(ctx.latency));
        reply.drop = ctx.drop;  // an error answer too: a fault the sequence or the rate drew is never lost
        if (reply.drop) reply.summary += " (connection dropped mid-answer)";
        reply.summary = "flow " + *ctx.fault_flow + ": " + reply.summary;
    }
    co_return reply;
}

}  // namespace cloudflow::local
