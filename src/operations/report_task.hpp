// ReportTaskSucceeded and ReportTaskFailed: a callback task's result, by its task token. The first
// report consumes the token, so a repeat after a lost answer meets TaskAlreadyCompleted: the repeat
// rule reads that as the lost report's success, which makes both safe to repeat.
#pragma once

#include <cloudflow/operations/report_task.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

// The TaskToken goes in the query of the POST, as the official SDK sends it.
inline constexpr std::string_view task_token_in_query[] = {"TaskToken"};

// TaskAlreadyCompleted after a lost answer: the lost report consumed the token.
inline std::optional<RepeatRule> report_repeat_rule()
{
    return RepeatRule{"TaskAlreadyCompleted"};
}

struct ReportTaskSucceeded {
    using request_type = ReportTaskSucceededRequest;
    using response_type = ReportTaskResponse;
    static constexpr std::string_view action = "ReportTaskSucceeded";
    static constexpr RequestMethod method = RequestMethod::post;
    static constexpr std::span<const std::string_view> query_fields = task_token_in_query;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static std::optional<RepeatRule> prepare(request_type&) { return report_repeat_rule(); }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct ReportTaskFailed {
    using request_type = ReportTaskFailedRequest;
    using response_type = ReportTaskResponse;
    static constexpr std::string_view action = "ReportTaskFailed";
    static constexpr RequestMethod method = RequestMethod::post;
    static constexpr std::span<const std::string_view> query_fields = task_token_in_query;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static std::optional<RepeatRule> prepare(request_type&) { return report_repeat_rule(); }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<ReportTaskSucceededRequest> {
    using type = ReportTaskSucceeded;
};
template <>
struct operation_for<ReportTaskFailedRequest> {
    using type = ReportTaskFailed;
};

}  // namespace cloudflow::detail
