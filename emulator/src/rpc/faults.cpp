#include "rpc/faults.hpp"

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
    if (p.throttle_share > 0 && draw(random_) < p.throttle_share) return 429;
    if (p.error_rate > 0 && draw(random_) < p.error_rate) return 500;
    if (p.drop_rate > 0 && draw(random_) < p.drop_rate) return drop_connection;
    return 0;
}

Refusal throttled()
{
    return Refusal{429, "ResourceThrottled", "The request is throttled. Please try again later."};
}

void fault_step(RpcContext& ctx, const FlowConfig& flow)
{
    ctx.fault_flow = flow.name;
    ctx.latency = ctx.faults.plan(flow).latency;
    switch (ctx.faults.next(flow)) {
    case 429: throw throttled();
    case 500: throw Refusal{500, "InternalServerError", "An internal error has occurred. Please retry."};
    case 503: throw Refusal{503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry."};
    case drop_connection: ctx.drop = true; break;
    default: break;
    }
}

}  // namespace cloudflow::local
