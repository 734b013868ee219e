/// @file
/// The map-run operations: DescribeMapRun and UpdateMapRun (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/map_run.hpp>

#include <optional>
#include <string>

namespace cloudflow {

struct DescribeMapRunResponse;

struct DescribeMapRunRequest {
    using response_type = DescribeMapRunResponse;

    std::string flow_name;       ///< required
    std::string execution_name;  ///< required
    std::string map_run_name;    ///< required
    /// The service's model has a RequestId parameter of its own; sent when set.
    std::optional<std::string> request_id{};
};

struct DescribeMapRunResponse : MapRunSettings {
    std::string request_id;
    std::string execution_name;
    std::string map_run_name;
    ExecutionStatus status = ExecutionStatus::unknown;
    std::string status_text;  ///< the service's spelling, kept for ExecutionStatus::unknown
    std::optional<Timestamp> started_time{};
    std::optional<Timestamp> stopped_time{};
    MapRunItemCounts item_counts{};
};

struct UpdateMapRunResponse;

/// Changes how a running map run proceeds; what is absent is left as it is. The service takes it
/// as a GET.
struct UpdateMapRunRequest {
    using response_type = UpdateMapRunResponse;

    std::string flow_name;       ///< required
    std::string execution_name;  ///< required
    std::string map_run_name;    ///< required
    /// concurrency >= 1, tolerated_failed_count >= 0, tolerated_failed_percentage 0-100.
    MapRunSettings settings{};
    std::optional<std::string> request_id{};  ///< the model's RequestId parameter; sent when set
};

struct UpdateMapRunResponse : MapRunSettings {
    std::string request_id;
    std::string flow_name;
    std::string execution_name;
    std::string map_run_name;
};

}  // namespace cloudflow
