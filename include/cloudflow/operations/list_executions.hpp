/// @file
/// ListExecutions: a flow's executions, newest first, one page at a time (fnf 2019-03-15).
/// Paginator<ListExecutionsRequest> walks every page.
#pragma once

#include <cloudflow/model/execution.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

struct ListExecutionsResponse;

struct ListExecutionsRequest {
    using response_type = ListExecutionsResponse;

    std::string flow_name;                    ///< required
    std::optional<int> limit{};               ///< items per page, 1-99 (the service's default: 60)
    std::optional<std::string> next_token{};  ///< from the previous page
    std::optional<ExecutionStatus> status{};  ///< only executions in this status (not unknown)
    std::optional<std::string> execution_name_prefix{};
    std::optional<Timestamp> started_time_begin{};  ///< started at or after
    std::optional<Timestamp> started_time_end{};    ///< started at or before
    std::optional<std::string> qualifier{};
    std::optional<std::string> map_run_name{};
    std::optional<bool> metadata_only{};  ///< true: no input, output or definition
};

struct ListExecutionsResponse {
    using item_type = Execution;

    std::string request_id;
    std::vector<Execution> executions;
    std::optional<std::string> next_token{};  ///< absent on the last page

    std::vector<Execution>& items() noexcept { return executions; }
};

}  // namespace cloudflow
