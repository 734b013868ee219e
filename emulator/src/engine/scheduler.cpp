#include "engine/scheduler.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <tuple>
#include <unordered_map>

namespace cloudflow::local {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// As deep as CreateSchedule and UpdateSchedule let a Payload be (handlers/params.cpp).
constexpr std::size_t max_payload_depth = 1000;

}  // namespace

// The armed schedules. The coroutines share it, so it outlives both the Scheduler (destroyed
// first in main) and the io_context (destroyed first in tests); the timers live in the coroutines.
struct Scheduler::Table {
    struct Entry {
        std::string flow, schedule;
        std::uint64_t generation = 0;         // a re-armed schedule's old coroutine finds another
        asio::steady_timer* timer = nullptr;  // while its coroutine waits
    };
    Scheduler* owner = nullptr;                      // null once the Scheduler is gone
    std::unordered_map<std::string, Entry> entries;  // by ScheduleId
    std::uint64_t next_generation = 1;

    Entry* find(const std::string& id, std::uint64_t generation)
    {
        const auto it = entries.find(id);
        return it != entries.end() && it->second.generation == generation ? &it->second : nullptr;
    }
};

Scheduler::Scheduler(Catalog& catalog, Store& store, Runner& runner)
    : catalog_(catalog), store_(store), runner_(runner), table_(std::make_shared<Table>())
{
    table_->owner = this;
}

Scheduler::~Scheduler()
{
    // The timers may belong to an io_context that is gone: leave them to their coroutines.
    table_->owner = nullptr;
}

void Scheduler::start(const asio::any_io_executor& executor, Log log)
{
    executor_ = executor;
    log_ = std::move(log);
    for (const auto& [serial, name] : catalog_.order()) {
        const Flow& flow = *catalog_.find(name);
        for (const auto& [s, schedule] : flow.schedules) arm(flow, schedule);
    }
}

void Scheduler::stop()
{
    for (auto& [id, entry] : table_->entries)
        if (entry.timer) entry.timer->cancel();
    table_->entries.clear();
    executor_ = nullptr;
}

std::size_t Scheduler::armed() const
{
    return table_->entries.size();
}

void Scheduler::arm(const Flow& flow, const Schedule& schedule)
{
    if (!running()) return;
    disarm(schedule.id);
    if (!schedule.enable) return;
    const std::uint64_t generation = table_->next_generation++;
    table_->entries[schedule.id] = Table::Entry{flow.name(), schedule.name, generation, nullptr};
    asio::co_spawn(executor_, wait_and_fire(table_, schedule.id, generation), asio::detached);
}

void Scheduler::disarm(const std::string& schedule_id)
{
    const auto it = table_->entries.find(schedule_id);
    if (it == table_->entries.end()) return;
    if (it->second.timer) it->second.timer->cancel();
    table_->entries.erase(it);
}

asio::awaitable<void> Scheduler::wait_and_fire(std::shared_ptr<Table> table, std::string id, std::uint64_t generation)
{
    asio::steady_timer timer(co_await asio::this_coro::executor);
    Table::Entry* entry = table->find(id, generation);
    if (!entry || !table->owner) co_return;
    entry->timer = &timer;
    struct Leave {
        Table& table;
        const std::string& id;
        std::uint64_t generation;
        ~Leave()
        {
            if (Table::Entry* e = table.find(id, generation)) e->timer = nullptr;
        }
    } leave{*table, id, generation};

    std::optional<CronExpression::time_point> due = table->owner->first_due(id);
    while (due) {
        timer.expires_at(table->owner->store_.clock().at(*due));
        const std::tuple<boost::system::error_code> waited =
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        // Cancelled (disarmed, re-armed, stopped), or disarmed while the wake-up was queued.
        if (std::get<0>(waited) || !table->find(id, generation) || !table->owner) co_return;
        due = table->owner->fire(id, *due);
    }
    if (table->find(id, generation)) table->entries.erase(id);  // it never fires again
}

std::optional<CronExpression::time_point> Scheduler::first_due(const std::string& id) const
{
    const auto it = table_->entries.find(id);
    Flow* flow = it == table_->entries.end() ? nullptr : catalog_.find(it->second.flow);
    const Schedule* schedule = flow ? flow->find_schedule(it->second.schedule) : nullptr;
    if (!schedule) return std::nullopt;
    return schedule->cron.next(store_.clock().now());
}

std::optional<CronExpression::time_point> Scheduler::fire(const std::string& id, CronExpression::time_point due)
{
    const Table::Entry& entry = table_->entries.at(id);
    Flow* flow = catalog_.find(entry.flow);
    const Schedule* schedule = flow ? flow->find_schedule(entry.schedule) : nullptr;
    if (!schedule || schedule->id != id || !schedule->enable) return std::nullopt;

    const std::string who = "schedule " + schedule->name + " of flow " + flow->name() + ": ";
    const auto& config = flow->current;
    std::string problem;
    std::optional<std::string> test_case;
    if (!config->definition) {
        if (log_) log_(who + "not started: " + config->not_runnable);
    } else if (store_.running() >= store_.limits().max_running) {
        if (log_) log_(who + "not started: the number of running executions has reached the limit");
    } else {
        // The Payload was checked when it was stored, as deep as requests may be; parsed without
        // throwing all the same: an exception here would end this schedule's timer for good.
        json::value input = json::object{};
        boost::system::error_code ec;
        if (!schedule->payload.empty())
            input = json::parse(schedule->payload, ec, {}, json::parse_options{.max_depth = max_payload_depth});
        const std::string name = store_.fresh_name(flow->name());
        if (ec) {
            if (log_) log_(who + "not started: its Payload is not JSON (" + ec.message() + ")");
        } else if (!(test_case = runner_.test_case(flow->name(), name, problem))) {
            if (log_) log_(who + "not started: " + problem);
        } else {
            Launch launch;
            launch.flow = config;
            launch.name = name;
            launch.input = std::move(input);
            launch.role_arn = flow->role_arn;
            launch.test_case = std::move(*test_case);
            const auto execution = runner_.launch(executor_, std::move(launch));
            ++started_;
            if (log_) log_(who + "started execution " + execution->name);
        }
    }
    // Never twice for one time, and no burst after a stall.
    return schedule->cron.next(std::max(due, store_.clock().now()));
}

}  // namespace cloudflow::local
