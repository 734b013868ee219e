// The flows of the account as the API manages them: the configured flows and those CreateFlow
// made, each with its published versions, its aliases and its time-based schedules. Bounded
// by CatalogLimits; one thread, no locks.
#pragma once

#include "state/clock.hpp"
#include "state/config.hpp"
#include "state/cron.hpp"

#include <cloudflow/model/timestamp.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::local {

struct FlowVersion {
    std::uint64_t number = 0;  // "1", "2", ... in answers
    std::string description;
    Timestamp created{};
    std::shared_ptr<const FlowConfig> snapshot;  // the definition when it was published
};

// One route of an alias: a version and its weight.
struct RoutingConfiguration {
    std::uint64_t version = 0;
    double weight = 0;
};

struct FlowAlias {
    std::string name, description;
    std::vector<RoutingConfiguration> routes;  // 1 or 2
    Timestamp created{}, modified{};
};

struct Schedule {
    std::string name, id;
    std::string cron_text;  // as given
    CronExpression cron;
    std::string description;
    std::string payload;  // JSON object text, as given; the input of the executions it starts
    bool enable = true;
    Timestamp created{}, modified{};
};

struct Flow {
    std::string id;  // UUID-shaped
    std::string description;
    std::string role_arn, resource_group_id, external_storage_location;
    std::shared_ptr<const FlowConfig> current;  // its name, mode, definition and environment
    Timestamp created{}, modified{};
    std::uint64_t serial = 0;                       // creation order: ListFlows pages by it
    std::map<std::uint64_t, FlowVersion> versions;  // by number
    std::uint64_t next_version = 1;                 // numbers are never reused
    std::map<std::uint64_t, FlowAlias> aliases;     // by creation serial
    std::map<std::uint64_t, Schedule> schedules;    // by creation serial

    const std::string& name() const { return current->name; }
    FlowAlias* find_alias(std::string_view name);
    Schedule* find_schedule(std::string_view name);
    // The alias that routes to `version`, or null.
    const FlowAlias* alias_of(std::uint64_t version) const;
};

// The bytes a flow's definition and environment count for in the cap on kept definitions
// (CatalogLimits): each current definition and each version's snapshot counts.
std::size_t kept_bytes(const FlowConfig& config);
std::size_t environment_bytes(const std::vector<EnvironmentVariable>& environment);

class Catalog {
public:
    // Seeds the configured flows, in the config's order, created at `clock`'s now; the ids come
    // from `seed`.
    Catalog(const EmulatorConfig& config, std::uint64_t seed, const FlowClock& clock = FlowClock::real());
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;

    const CatalogLimits& limits() const { return limits_; }
    std::size_t size() const { return by_name_.size(); }

    Flow* find(std::string_view name);
    // The flows by creation serial (oldest first): serial -> name.
    const std::map<std::uint64_t, std::string>& order() const { return order_; }

    // Adds `flow` (its serial and id assigned here); the caller checked the name and the limits.
    Flow& add(Flow flow);
    void erase(std::string_view name);

    // Replaces the flow's current definition (UpdateFlow), keeping the count of kept bytes.
    void set_current(Flow& flow, std::shared_ptr<const FlowConfig> config);
    FlowVersion& publish(Flow& flow, std::string description, Timestamp now);
    void erase_version(Flow& flow, std::uint64_t number);

    // Whether `bytes` more of definitions may be kept.
    bool has_room_for(std::size_t bytes) const;
    std::size_t kept_definition_bytes() const { return kept_bytes_; }

    // The next creation serial (flows, aliases and schedules share them).
    std::uint64_t next_serial() { return next_serial_++; }
    // A UUID-shaped id (flow Id, ScheduleId), from the catalog's own seeded generator.
    std::string new_id();

private:
    CatalogLimits limits_;
    std::map<std::string, Flow, std::less<>> by_name_;
    std::map<std::uint64_t, std::string> order_;
    std::uint64_t next_serial_ = 1;
    std::size_t kept_bytes_ = 0;
    std::mt19937_64 ids_;
};

// Sets `config`'s definition: its text as given, and what check_definition made of it (the
// caller refused the text if it had a problem).
void set_definition(FlowConfig& config, std::string text, DefinitionCheck checked);

// A flow's FlowConfig from an API definition, checked by the caller. Express flows get 5 minutes,
// standard ones a year.
std::shared_ptr<const FlowConfig> make_flow_config(std::string name, bool express, std::string definition,
                                                   DefinitionCheck checked,
                                                   std::vector<EnvironmentVariable> environment);

}  // namespace cloudflow::local
