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
    std::string request_id{};  ///< the RequestId the service gave the call
};

/// Creates a schedule. Not retried after it may have been sent: a repeat finds the name taken.
struct CreateScheduleRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ScheduleResponse>`.
    using response_type = ScheduleResponse;

    std::string flow_name{};                      ///< required
    std::string schedule_name{};                  ///< required; the name rules of check_name
    std::string cron_expression{};                ///< required, 1-256 characters
    std::optional<bool> enable{};                 ///< the service's default: enabled
    std::optional<std::string> description{};     ///< 1-1024 characters
    std::optional<boost::json::value> payload{};  ///< the executions' Input: a JSON object
    std::optional<std::string> payload_json{};    ///< or the same as JSON text; at most one of the two
};

/// Describes a schedule of a flow.
struct DescribeScheduleRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ScheduleResponse>`.
    using response_type = ScheduleResponse;

    std::string flow_name{};      ///< required
    std::string schedule_name{};  ///< required
};

/// Sets what is given; what is absent is left as it is.
struct UpdateScheduleRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ScheduleResponse>`.
    using response_type = ScheduleResponse;

    std::string flow_name{};                       ///< required
    std::string schedule_name{};                   ///< required
    std::optional<std::string> cron_expression{};  ///< a new cron expression, 1-256 characters
    std::optional<bool> enable{};                  ///< enables or disables it
    std::optional<std::string> description{};      ///< a new description, 1-1024 characters
    std::optional<boost::json::value> payload{};   ///< a new Input for its executions: a JSON object
    std::optional<std::string> payload_json{};     ///< or the same as JSON text; at most one of the two
};

/// Deletes a schedule; the executions it started are not affected.
struct DeleteScheduleRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DeleteResponse>`.
    using response_type = DeleteResponse;

    std::string flow_name{};      ///< required
    std::string schedule_name{};  ///< required
};

struct ListSchedulesResponse;

/// One page of a flow's schedules. Paginator<ListSchedulesRequest> walks them.
struct ListSchedulesRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ListSchedulesResponse>`.
    using response_type = ListSchedulesResponse;

    std::string flow_name{};                  ///< required
    std::optional<int> limit{};               ///< items per page, 1-1000
    std::optional<std::string> next_token{};  ///< from the previous page
};

/// One page of a flow's schedules.
struct ListSchedulesResponse {
    /// The type of one item of a page, for Paginator.
    using item_type = Schedule;

    std::string request_id{};                 ///< the RequestId the service gave the call
    std::vector<Schedule> schedules{};        ///< this page's schedules
    std::optional<std::string> next_token{};  ///< absent on the last page

    /// This page's items, for Paginator.
    std::vector<Schedule>& items() noexcept { return schedules; }
};

}  // namespace cloudflow
