/// @file
/// The schedule operations: CreateSchedule, DescribeSchedule, UpdateSchedule, DeleteSchedule and
/// ListSchedules (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/schedule.hpp>
#include <cloudflow/operations/delete_response.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

/// Create, Describe and UpdateSchedule answer with the schedule.
struct ScheduleResponse : Schedule {
    std::string request_id;
};

/// Creates a schedule. Not retried after it may have been sent: a repeat finds the name taken.
struct CreateScheduleRequest {
    using response_type = ScheduleResponse;

    std::string flow_name;                        ///< required
    std::string schedule_name;                    ///< required; the name rules of check_name
    std::string cron_expression;                  ///< required, 1-256 characters
    std::optional<bool> enable{};                 ///< the service's default: enabled
    std::optional<std::string> description{};     ///< 1-1024 characters
    std::optional<boost::json::value> payload{};  ///< the executions' Input: a JSON object
    std::optional<std::string> payload_json{};    ///< or the same as JSON text; at most one of the two
};

struct DescribeScheduleRequest {
    using response_type = ScheduleResponse;

    std::string flow_name;      ///< required
    std::string schedule_name;  ///< required
};

/// Sets what is given; what is absent is left as it is.
struct UpdateScheduleRequest {
    using response_type = ScheduleResponse;

    std::string flow_name;      ///< required
    std::string schedule_name;  ///< required
    std::optional<std::string> cron_expression{};
    std::optional<bool> enable{};
    std::optional<std::string> description{};
    std::optional<boost::json::value> payload{};
    std::optional<std::string> payload_json{};
};

struct DeleteScheduleRequest {
    using response_type = DeleteResponse;

    std::string flow_name;      ///< required
    std::string schedule_name;  ///< required
};

struct ListSchedulesResponse;

/// One page of a flow's schedules. Paginator<ListSchedulesRequest> walks them.
struct ListSchedulesRequest {
    using response_type = ListSchedulesResponse;

    std::string flow_name;                    ///< required
    std::optional<int> limit{};               ///< items per page, 1-1000
    std::optional<std::string> next_token{};  ///< from the previous page
};

struct ListSchedulesResponse {
    using item_type = Schedule;

    std::string request_id;
    std::vector<Schedule> schedules;
    std::optional<std::string> next_token{};

    std::vector<Schedule>& items() noexcept { return schedules; }
};

}  // namespace cloudflow
