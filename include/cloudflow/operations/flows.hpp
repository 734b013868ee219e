/// @file
/// The flow operations: CreateFlow, DescribeFlow, UpdateFlow, DeleteFlow and ListFlows
/// (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/flow.hpp>
#include <cloudflow/operations/delete_response.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

/// CreateFlow, DescribeFlow and UpdateFlow answer with the flow.
struct FlowResponse : Flow {
    std::string request_id{};  ///< the RequestId the service gave the call
};

/// Creates a flow. Not retried after it may have been sent: a repeat gets FlowAlreadyExists.
struct CreateFlowRequest {
    /// The answer of this operation: Client::async_call completes with `Result<FlowResponse>`.
    using response_type = FlowResponse;

    std::string name{};                             ///< required; the name rules of check_name
    std::string definition{};                       ///< required: the flow definition (FDL), at most 128 KiB
    std::string description{};                      ///< required by the service (it may be empty here: sent as "")
    std::string type = "FDL";                       ///< the definition's language: "FDL"
    std::optional<ExecutionMode> execution_mode{};  ///< the service's default: Standard
    std::optional<std::vector<EnvironmentVariable>> environment{};  ///< the environment variables of its executions
    std::optional<std::string> role_arn{};  ///< the RAM role its executions assume: `acs:ram::<account>:role/<name>`
    /// Where the service keeps inputs and outputs too large for an execution.
    std::optional<std::string> external_storage_location{};
    std::optional<std::string> resource_group_id{};  ///< the resource group it joins
};

/// Describes a flow, or one of its published versions.
struct DescribeFlowRequest {
    /// The answer of this operation: Client::async_call completes with `Result<FlowResponse>`.
    using response_type = FlowResponse;

    std::string name{};                         ///< required
    std::optional<std::string> flow_version{};  ///< a published version; absent: the current definition
};

/// Sets what is given; what is absent is left as it is. The mode cannot be changed.
struct UpdateFlowRequest {
    /// The answer of this operation: Client::async_call completes with `Result<FlowResponse>`.
    using response_type = FlowResponse;

    std::string name{};                        ///< required
    std::optional<std::string> definition{};   ///< a new definition (FDL), at most 128 KiB
    std::optional<std::string> description{};  ///< a new description
    std::optional<std::string> type{};         ///< the definition's language: "FDL"
    /// New environment variables for its executions (all of them).
    std::optional<std::vector<EnvironmentVariable>> environment{};
    std::optional<std::string> role_arn{};  ///< a new RAM role for its executions
};

/// Deletes a flow; the service stops its executions after their current step, asynchronously.
struct DeleteFlowRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DeleteResponse>`.
    using response_type = DeleteResponse;

    std::string name{};  ///< required
};

struct ListFlowsResponse;

/// One page of the account's flows. Paginator<ListFlowsRequest> walks every page.
struct ListFlowsRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ListFlowsResponse>`.
    using response_type = ListFlowsResponse;

    std::optional<int> limit{};                      ///< items per page, 1-999 (the service's default: 60)
    std::optional<std::string> next_token{};         ///< from the previous page
    std::optional<std::string> resource_group_id{};  ///< only the flows of this resource group
};

/// One page of the account's flows.
struct ListFlowsResponse {
    /// The type of one item of a page, for Paginator.
    using item_type = Flow;

    std::string request_id{};                 ///< the RequestId the service gave the call
    std::vector<Flow> flows{};                ///< this page's flows
    std::optional<std::string> next_token{};  ///< absent on the last page

    /// This page's items, for Paginator.
    std::vector<Flow>& items() noexcept { return flows; }
};

}  // namespace cloudflow
