/// @file
/// A time-based schedule that starts executions of a flow (the Schedule operations, fnf 2019-03-15).
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace cloudflow {

/// A schedule that starts executions of a flow at the times of a cron expression.
struct Schedule {
    std::string schedule_name{};  ///< its name, unique in the flow
    std::string schedule_id{};    ///< the service's id of the schedule
    /// When it fires: a cron expression of six fields (second minute hour day month weekday), or
    /// `@every <n>m` style intervals.
    std::string cron_expression{};
    bool enable = false;                            ///< whether it fires
    std::optional<std::string> description{};       ///< as given when it was created or updated
    std::optional<boost::json::value> payload{};    ///< the Input of the executions it starts
    std::optional<Timestamp> created_time{};        ///< when it was created
    std::optional<Timestamp> last_modified_time{};  ///< when it was last updated
};

}  // namespace cloudflow
