/// @file
/// The map-run operations: DescribeMapRun and UpdateMapRun (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/map_run.hpp>

#include <optional>
#include <string>

namespace cloudflow {

struct DescribeMapRunResponse;

/// Describes a map run: its status, settings and item counts (DescribeMapRun).
struct DescribeMapRunRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DescribeMapRunResponse>`.
    using response_type = DescribeMapRunResponse;

    std::string flow_name{};       ///< required
    std::string execution_name{};  ///< required
    std::string map_run_name{};    ///< required
    /// The service's model has a RequestId parameter of its own; sent when set.
    std::optional<std::string> request_id{};
};

/// A map run: its status, settings and item counts.
struct DescribeMapRunResponse : MapRunSettings {
    std::string request_id{};      ///< the RequestId the service gave the call
    std::string execution_name{};  ///< the execution whose Map state runs it
    std::string map_run_name{};    ///< its name
    /// Its status; ExecutionStatus::unknown for a status this SDK does not know.
    ExecutionStatus status = ExecutionStatus::unknown;
    std::string status_text{};                ///< the service's spelling, kept for ExecutionStatus::unknown
    std::optional<Timestamp> started_time{};  ///< when it started
    std::optional<Timestamp> stopped_time{};  ///< when it ended, once it has
    MapRunItemCounts item_counts{};           ///< its items by state
};

struct UpdateMapRunResponse;

/// Changes how a running map run proceeds; what is absent is left as it is. The service takes it
/// as a GET.
struct UpdateMapRunRequest {
    /// The answer of this operation: Client::async_call completes with `Result<UpdateMapRunResponse>`.
    using response_type = UpdateMapRunResponse;

    std::string flow_name{};       ///< required
    std::string execution_name{};  ///< required
    std::string map_run_name{};    ///< required
    /// concurrency >= 1, tolerated_failed_count >= 0, tolerated_failed_percentage 0-100.
    MapRunSettings settings{};
    std::optional<std::string> request_id{};  ///< the model's RequestId parameter; sent when set
};

/// The map run's settings after the update.
struct UpdateMapRunResponse : MapRunSettings {
    std::string request_id{};      ///< the RequestId the service gave the call
    std::string flow_name{};       ///< its flow
    std::string execution_name{};  ///< the execution whose Map state runs it
    std::string map_run_name{};    ///< its name
};

}  // namespace cloudflow
