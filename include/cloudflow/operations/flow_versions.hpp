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

/// The version published.
struct PublishFlowVersionResponse : FlowVersion {
    std::string request_id{};  ///< the RequestId the service gave the call
    std::string flow_name{};   ///< its flow
};

/// Publishes the flow's current definition as a new version. Not retried after it may have been
/// sent: every call publishes one more version.
struct PublishFlowVersionRequest {
    /// The answer of this operation: Client::async_call completes with `Result<PublishFlowVersionResponse>`.
    using response_type = PublishFlowVersionResponse;

    std::string flow_name{};                   ///< required
    std::optional<std::string> description{};  ///< what the version is for
};

struct ListFlowVersionsResponse;

/// One page of a flow's versions, newest first. Paginator<ListFlowVersionsRequest> walks them.
struct ListFlowVersionsRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ListFlowVersionsResponse>`.
    using response_type = ListFlowVersionsResponse;

    std::string flow_name{};                  ///< required
    std::optional<int> limit{};               ///< items per page, 1-999 (sent as the service's string)
    std::optional<std::string> next_token{};  ///< from the previous page
};

/// One page of a flow's versions.
struct ListFlowVersionsResponse {
    /// The type of one item of a page, for Paginator.
    using item_type = FlowVersion;

    std::string request_id{};                 ///< the RequestId the service gave the call
    std::vector<FlowVersion> versions{};      ///< this page's versions
    std::optional<std::string> next_token{};  ///< absent on the last page

    /// This page's items, for Paginator.
    std::vector<FlowVersion>& items() noexcept { return versions; }
};

/// Deletes a published version of a flow.
struct DeleteFlowVersionRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DeleteResponse>`.
    using response_type = DeleteResponse;

    std::string flow_name{};  ///< required
    std::string version{};    ///< required
};

}  // namespace cloudflow
