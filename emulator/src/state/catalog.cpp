#include "state/catalog.hpp"

#include "lang/text.hpp"

#include <algorithm>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

std::size_t weight(const std::shared_ptr<const FlowConfig>& config)
{
    return config ? kept_bytes(*config) : 0;
}

}  // namespace

std::size_t environment_bytes(const std::vector<EnvironmentVariable>& environment)
{
    std::size_t bytes = 0;
    for (const auto& v : environment) bytes += v.name.size() + v.value.size() + v.description.size();
    return bytes;
}

std::size_t kept_bytes(const FlowConfig& config)
{
    return config.definition_text.size() + environment_bytes(config.environment);
}

FlowAlias* Flow::find_alias(std::string_view name)
{
    for (auto& [serial, alias] : aliases)
        if (alias.name == name) return &alias;
    return nullptr;
}

Schedule* Flow::find_schedule(std::string_view name)
{
    for (auto& [serial, schedule] : schedules)
        if (schedule.name == name) return &schedule;
    return nullptr;
}

const FlowAlias* Flow::alias_of(std::uint64_t version) const
{
    for (const auto& [serial, alias] : aliases)
        for (const auto& route : alias.routes)
            if (route.version == version) return &alias;
    return nullptr;
}

Catalog::Catalog(const EmulatorConfig& config, std::uint64_t seed, const FlowClock& clock)
    : limits_(config.catalog), ids_(seed ^ 0xC47A106ULL)
{
    const Timestamp now = clock.now();
    for (const FlowConfig& configured : config.flows) {
        Flow flow;
        flow.current = std::make_shared<const FlowConfig>(configured);
        flow.created = flow.modified = now;
        add(std::move(flow));
    }
}

Flow* Catalog::find(std::string_view name)
{
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &it->second;
}

Flow& Catalog::add(Flow flow)
{
    flow.serial = next_serial();
    flow.id = new_id();
    kept_bytes_ += weight(flow.current);
    order_[flow.serial] = flow.name();
    const std::string name = flow.name();
    return by_name_.insert_or_assign(name, std::move(flow)).first->second;
}

void Catalog::erase(std::string_view name)
{
    const auto it = by_name_.find(name);
    if (it == by_name_.end()) return;
    kept_bytes_ -= weight(it->second.current);
    for (const auto& [number, version] : it->second.versions) kept_bytes_ -= weight(version.snapshot);
    order_.erase(it->second.serial);
    by_name_.erase(it);
}

void Catalog::set_current(Flow& flow, std::shared_ptr<const FlowConfig> config)
{
    kept_bytes_ = kept_bytes_ - weight(flow.current) + weight(config);
    flow.current = std::move(config);
}

FlowVersion& Catalog::publish(Flow& flow, std::string description, Timestamp now)
{
    const std::uint64_t number = flow.next_version++;
    FlowVersion& version = flow.versions[number];
    version.number = number;
    version.description = std::move(description);
    version.created = now;
    version.snapshot = flow.current;  // shared: UpdateFlow makes a new one
    kept_bytes_ += weight(version.snapshot);
    return version;
}

void Catalog::erase_version(Flow& flow, std::uint64_t number)
{
    const auto it = flow.versions.find(number);
    if (it == flow.versions.end()) return;
    kept_bytes_ -= weight(it->second.snapshot);
    flow.versions.erase(it);
}

bool Catalog::has_room_for(std::size_t bytes) const
{
    return kept_bytes_ + bytes <= limits_.max_kept_definition_bytes;
}

std::string Catalog::new_id()
{
    const std::uint64_t a = ids_(), b = ids_();
    return uuid_text(a, b);
}

std::shared_ptr<const FlowConfig> make_flow_config(std::string name, bool express, std::string definition,
                                                   DefinitionCheck checked,
                                                   std::vector<EnvironmentVariable> environment)
{
    auto config = std::make_shared<FlowConfig>();
    config->name = std::move(name);
    config->express = express;
    config->environment = std::move(environment);
    // Express mode's limit is 5 minutes, standard mode's a year (the service's).
    config->timeout = express ? std::chrono::milliseconds(std::chrono::minutes(5))
                              : std::chrono::milliseconds(std::chrono::days(365));
    set_definition(*config, std::move(definition), std::move(checked));
    return config;
}

void set_definition(FlowConfig& config, std::string text, DefinitionCheck checked)
{
    config.definition = std::move(checked.definition);
    config.not_runnable = std::move(checked.not_runnable);
    config.definition_text = std::move(text);
}

}  // namespace cloudflow::local
