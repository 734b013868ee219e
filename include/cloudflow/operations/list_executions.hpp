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

/// Lists a flow's executions, one page (ListExecutions).
struct ListExecutionsRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ListExecutionsResponse>`.
    using response_type = ListExecutionsResponse;

    std::string flow_name{};                             ///< required
    std::optional<int> limit{};                          ///< items per page, 1-99 (the service's default: 60)
    std::optional<std::string> next_token{};             ///< from the previous page
    std::optional<ExecutionStatus> status{};             ///< only executions in this status (not unknown)
    std::optional<std::string> execution_name_prefix{};  ///< only executions whose name starts with this
    std::optional<Timestamp> started_time_begin{};       ///< started at or after
    std::optional<Timestamp> started_time_end{};         ///< started at or before
    std::optional<std::string> qualifier{};              ///< only executions of this flow version or alias
    std::optional<std::string> map_run_name{};           ///< only the child executions of this map run
    std::optional<bool> metadata_only{};                 ///< true: no input, output or definition
};

/// One page of executions.
struct ListExecutionsResponse {
    /// The type of one item of a page, for Paginator.
    using item_type = Execution;

    std::string request_id{};                 ///< the RequestId the service gave the call
    std::vector<Execution> executions{};      ///< this page's executions
    std::optional<std::string> next_token{};  ///< absent on the last page

    /// This page's items, for Paginator.
    std::vector<Execution>& items() noexcept { return executions; }
};

}  // namespace cloudflow
