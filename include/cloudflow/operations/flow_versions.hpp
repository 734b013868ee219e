/// @file
/// The version operations: PublishFlowVersion, ListFlowVersions and DeleteFlowVersion
/// (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/flow_version.hpp>
#include <cloudflow/operations/delete_response.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

struct PublishFlowVersionResponse : FlowVersion {
    std::string request_id;
    std::string flow_name;
};

/// Publishes the flow's current definition as a new version. Not retried after it may have been
/// sent: every call publishes one more version.
struct PublishFlowVersionRequest {
    using response_type = PublishFlowVersionResponse;

    std::string flow_name;  ///< required
    std::optional<std::string> description{};
};

struct ListFlowVersionsResponse;

/// One page of a flow's versions, newest first. Paginator<ListFlowVersionsRequest> walks them.
struct ListFlowVersionsRequest {
    using response_type = ListFlowVersionsResponse;

    std::string flow_name;                    ///< required
    std::optional<int> limit{};               ///< items per page, 1-999 (sent as the service's string)
    std::optional<std::string> next_token{};  ///< from the previous page
};

struct ListFlowVersionsResponse {
    using item_type = FlowVersion;

    std::string request_id;
    std::vector<FlowVersion> versions;
    std::optional<std::string> next_token{};

    std::vector<FlowVersion>& items() noexcept { return versions; }
};

struct DeleteFlowVersionRequest {
    using response_type = DeleteResponse;

    std::string flow_name;  ///< required
    std::string version;    ///< required
};

}  // namespace cloudflow
