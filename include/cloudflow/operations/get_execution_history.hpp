/// @file
/// GetExecutionHistory: an execution's events in order, one page at a time (fnf 2019-03-15).
/// Paginator<GetExecutionHistoryRequest> walks every page.
#pragma once

#include <cloudflow/model/history_event.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

struct GetExecutionHistoryResponse;

/// Reads an execution's history, one page (GetExecutionHistory).
struct GetExecutionHistoryRequest {
    /// The answer of this operation: Client::async_call completes with `Result<GetExecutionHistoryResponse>`.
    using response_type = GetExecutionHistoryResponse;

    std::string flow_name{};                  ///< required
    std::string execution_name{};             ///< required
    std::optional<int> limit{};               ///< events per page, 1-999 (the service's default: 60)
    std::optional<std::string> next_token{};  ///< from the previous page
};

/// One page of an execution's history.
struct GetExecutionHistoryResponse {
    /// The type of one item of a page, for Paginator.
    using item_type = HistoryEvent;

    std::string request_id{};                 ///< the RequestId the service gave the call
    std::vector<HistoryEvent> events{};       ///< this page's events, oldest first
    std::optional<std::string> next_token{};  ///< absent on the last page

    /// This page's items, for Paginator.
    std::vector<HistoryEvent>& items() noexcept { return events; }
};

}  // namespace cloudflow
