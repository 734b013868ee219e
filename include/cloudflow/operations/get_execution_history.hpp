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

struct GetExecutionHistoryRequest {
    using response_type = GetExecutionHistoryResponse;

    std::string flow_name;                    ///< required
    std::string execution_name;               ///< required
    std::optional<int> limit{};               ///< events per page, 1-999 (the service's default: 60)
    std::optional<std::string> next_token{};  ///< from the previous page
};

struct GetExecutionHistoryResponse {
    using item_type = HistoryEvent;

    std::string request_id;
    std::vector<HistoryEvent> events;
    std::optional<std::string> next_token{};  ///< absent on the last page

    std::vector<HistoryEvent>& items() noexcept { return events; }
};

}  // namespace cloudflow
