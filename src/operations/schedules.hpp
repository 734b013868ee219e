// The schedule operations' descriptors: CreateSchedule, DescribeSchedule, UpdateSchedule,
// DeleteSchedule, ListSchedules. (The official model's SignatureVersion query parameter of
// CreateSchedule is the common parameter, generated twice: it is not exposed.)
#pragma once

#include <cloudflow/operations/schedules.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

// A repeat finds the name taken: not retried after it may have been sent.
struct CreateSchedule {
    using request_type = CreateScheduleRequest;
    using response_type = ScheduleResponse;
    static constexpr std::string_view action = "CreateSchedule";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::not_idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct DescribeSchedule {
    using request_type = DescribeScheduleRequest;
    using response_type = ScheduleResponse;
    static constexpr std::string_view action = "DescribeSchedule";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

// Sets values: the same request twice has the effect of one.
struct UpdateSchedule {
    using request_type = UpdateScheduleRequest;
    using response_type = ScheduleResponse;
    static constexpr std::string_view action = "UpdateSchedule";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct DeleteSchedule {
    using request_type = DeleteScheduleRequest;
    using response_type = DeleteResponse;
    static constexpr std::string_view action = "DeleteSchedule";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct ListSchedules {
    using request_type = ListSchedulesRequest;
    using response_type = ListSchedulesResponse;
    static constexpr std::string_view action = "ListSchedules";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<CreateScheduleRequest> {
    using type = CreateSchedule;
};
template <>
struct operation_for<DescribeScheduleRequest> {
    using type = DescribeSchedule;
};
template <>
struct operation_for<UpdateScheduleRequest> {
    using type = UpdateSchedule;
};
template <>
struct operation_for<DeleteScheduleRequest> {
    using type = DeleteSchedule;
};
template <>
struct operation_for<ListSchedulesRequest> {
    using type = ListSchedules;
};

}  // namespace cloudflow::detail
