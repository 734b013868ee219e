// CreateSchedule, DescribeSchedule, UpdateSchedule, DeleteSchedule and ListSchedules. With
// --run-schedules, the Scheduler (engine/scheduler.hpp) fires the enabled ones.
#include "engine/scheduler.hpp"
#include "handlers/flows.hpp"
#include "handlers/lookups.hpp"
#include "handlers/paging.hpp"
#include "handlers/params.hpp"

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::size_t max_cron_text = 256;

std::optional<CronExpression> cron_param(const RpcContext& ctx, bool needed)
{
    const std::string* text = needed ? &required(ctx, "CronExpression") : optional(ctx, "CronExpression");
    if (!text) return std::nullopt;
    at_most(ctx, "CronExpression", max_cron_text);
    std::string error;
    auto cron = CronExpression::parse(*text, error);
    if (!cron) throw invalid(error);
    return cron;
}

Schedule& schedule_for(Flow& flow, const std::string& name)
{
    Schedule* schedule = flow.find_schedule(name);
    if (!schedule)
        throw Refusal{404, "ScheduleNotExists",
                      "The schedule " + name + " for flow " + flow.name() + " does not exist."};
    return *schedule;
}

json::object schedule_fields(const Schedule& s)
{
    return json::object{{"ScheduleName", s.name},
                        {"ScheduleId", s.id},
                        {"CronExpression", s.cron_text},
                        {"Description", s.description},
                        {"Enable", s.enable},
                        {"Payload", s.payload},
                        {"CreatedTime", format_timestamp(s.created)},
                        {"LastModifiedTime", format_timestamp(s.modified)}};
}

asio::awaitable<ServiceReply> create_schedule(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& schedule_name = *name(ctx, "ScheduleName", true);
    auto cron = cron_param(ctx, true);
    at_most(ctx, "Description", max_description);
    const auto enable = boolean(ctx, "Enable");
    const std::string* payload = optional(ctx, "Payload");
    json_object(ctx, "Payload", payload);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    if (flow.find_schedule(schedule_name))
        throw Refusal{409, "ScheduleAlreadyExists",
                      "The schedule " + schedule_name + " for flow " + flow_name + " already exists."};
    const std::size_t limit = ctx.backend.catalog.limits().max_schedules;
    if (flow.schedules.size() >= limit)
        throw Refusal{400, "ScheduleLimitExceeded",
                      "The number of schedules of flow " + flow_name + " has reached the limit (" +
                          std::to_string(limit) + ")."};
    Schedule& schedule = flow.schedules[ctx.backend.catalog.next_serial()];
    schedule.name = schedule_name;
    schedule.id = ctx.backend.catalog.new_id();
    schedule.cron_text = required(ctx, "CronExpression");
    schedule.cron = *cron;
    const std::string* description = optional(ctx, "Description");
    schedule.description = description ? *description : "";
    schedule.payload = payload ? *payload : "";
    schedule.enable = enable.value_or(true);
    schedule.created = schedule.modified = ctx.backend.clock.now();
    ctx.backend.scheduler.arm(flow, schedule);
    co_return ctx.backend.replies.ok(schedule_fields(schedule));
}

asio::awaitable<ServiceReply> describe_schedule(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& schedule_name = *name(ctx, "ScheduleName", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    co_return ctx.backend.replies.ok(schedule_fields(schedule_for(flow, schedule_name)));
}

asio::awaitable<ServiceReply> update_schedule(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& schedule_name = *name(ctx, "ScheduleName", true);
    auto cron = cron_param(ctx, false);
    at_most(ctx, "Description", max_description);
    const auto enable = boolean(ctx, "Enable");
    const std::string* payload = optional(ctx, "Payload");
    json_object(ctx, "Payload", payload);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    Schedule& schedule = schedule_for(flow, schedule_name);
    if (cron) {
        schedule.cron = *cron;
        schedule.cron_text = *optional(ctx, "CronExpression");
    }
    if (const std::string* description = optional(ctx, "Description")) schedule.description = *description;
    if (payload) schedule.payload = *payload;
    if (enable) schedule.enable = *enable;
    schedule.modified = std::max(ctx.backend.clock.now(), schedule.modified + std::chrono::milliseconds(1));
    ctx.backend.scheduler.arm(flow, schedule);  // from now, with the new expression; disarmed when disabled
    co_return ctx.backend.replies.ok(schedule_fields(schedule));
}

asio::awaitable<ServiceReply> delete_schedule(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& schedule_name = *name(ctx, "ScheduleName", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    const Schedule& schedule = schedule_for(flow, schedule_name);
    ctx.backend.scheduler.disarm(schedule.id);
    std::erase_if(flow.schedules, [&](const auto& entry) { return &entry.second == &schedule; });
    co_return ctx.backend.replies.ok(json::object{});
}

asio::awaitable<ServiceReply> list_schedules(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 1000, 60));
    const std::string scope = "schedules/" + flow_name;
    const auto start = page_start(ctx, scope);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    co_return ctx.backend.replies.ok(page(
        ctx, scope, start, flow.schedules, PageOrder::oldest_first, limit, "Schedules",
        [](const Schedule&) { return true; }, schedule_fields));
}

constexpr Route routes[] = {
    {"CreateSchedule", create_schedule}, {"DescribeSchedule", describe_schedule}, {"UpdateSchedule", update_schedule},
    {"DeleteSchedule", delete_schedule}, {"ListSchedules", list_schedules},
};

}  // namespace

std::span<const Route> schedule_routes()
{
    return routes;
}

}  // namespace cloudflow::local
