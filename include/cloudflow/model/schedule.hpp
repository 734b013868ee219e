/// @file
/// A time-based schedule that starts executions of a flow (the Schedule operations, fnf 2019-03-15).
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace cloudflow {

struct Schedule {
    std::string schedule_name;
    std::string schedule_id;
    /// When it fires: a cron expression of six fields (second minute hour day month weekday), or
    /// "@every <n>m" style intervals.
    std::string cron_expression;
    bool enable = false;
    std::optional<std::string> description{};
    std::optional<boost::json::value> payload{};  ///< the Input of the executions it starts
    std::optional<Timestamp> created_time{};
    std::optional<Timestamp> last_modified_time{};
};

}  // namespace cloudflow
