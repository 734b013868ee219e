#include "rpc/router.hpp"

namespace cloudflow::local {

int Faults::next(const FlowConfig& flow)
{
    const FaultPlan& p = plan(flow);
    if (!p.sequence.empty()) {
        std::size_t& position = sequence_position_[flow.name];
        if (position < p.sequence.size()) return p.sequence[position++];
    }
    std::uniform_real_distribution<double> draw(0.0, 1.0);
    if (p.throttle_rate > 0 && draw(random_) < p.throttle_rate) return 429;
    if (p.error_rate > 0 && draw(random_) < p.error_rate) return 500;
    if (p.drop_rate > 0 && draw(random_) < p.drop_rate) return drop_connection;
    return 0;
}

void fault_step(RpcContext& ctx, const FlowConfig& flow)
{
    ctx.fault_flow = flow.name;
    ctx.latency = ctx.faults.plan(flow).latency;
    switch (ctx.faults.next(flow)) {
    case 429: throw Refusal{429, "ResourceThrottled", "The request is throttled. Please try again later."};
    case 500: throw Refusal{500, "InternalServerError", "An internal error has occurred. Please retry."};
    case 503: throw Refusal{503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry."};
    case drop_connection: ctx.drop = true; break;
    default: break;
    }
}

Router::Router(Backend backend, std::vector<std::span<const Route>> routes)
    : backend_(backend), verifier_(backend.config), faults_(backend.config, backend.replies.random())
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

    RpcContext ctx{*envelope.key,   envelope.params,    backend_.config, backend_.store, backend_.catalog,
                   backend_.runner, backend_.scheduler, replies,         faults_};
    ServiceReply reply;
    try {
        reply = co_await handlers_.at(envelope.action)(ctx);
        if (reply.summary.empty()) reply.summary = "200 " + envelope.action;
    } catch (const Refusal& refusal) {
        reply = replies.error(refusal);
    }
    // Refusals before the fault step are neither faulted nor delayed, and the log names no flow.
    if (ctx.fault_flow) {
        reply.latency = ctx.latency;
        reply.drop = ctx.drop && reply.status == 200;
        if (reply.drop) reply.summary += " (connection dropped mid-answer)";
        reply.summary = "flow " + *ctx.fault_flow + ": " + reply.summary;
    }
    co_return reply;
}

}  // namespace cloudflow::local
