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
    std::string request_id;
};

/// Creates a flow. Not retried after it may have been sent: a repeat gets FlowAlreadyExists.
struct CreateFlowRequest {
    using response_type = FlowResponse;

    std::string name;         ///< required; the name rules of check_name
    std::string definition;   ///< required: the flow definition (FDL), at most 128 KiB
    std::string description;  ///< required by the service (it may be empty here: sent as "")
    std::string type = "FDL";
    std::optional<ExecutionMode> execution_mode{};  ///< the service's default: Standard
    std::optional<std::vector<EnvironmentVariable>> environment{};
    std::optional<std::string> role_arn{};  ///< acs:ram::<account>:role/<name>
    std::optional<std::string> external_storage_location{};
    std::optional<std::string> resource_group_id{};
};

/// Describes a flow, or one of its published versions.
struct DescribeFlowRequest {
    using response_type = FlowResponse;

    std::string name;                           ///< required
    std::optional<std::string> flow_version{};  ///< a published version; absent: the current definition
};

/// Sets what is given; what is absent is left as it is. The mode cannot be changed.
struct UpdateFlowRequest {
    using response_type = FlowResponse;

    std::string name;  ///< required
    std::optional<std::string> definition{};
    std::optional<std::string> description{};
    std::optional<std::string> type{};
    std::optional<std::vector<EnvironmentVariable>> environment{};
    std::optional<std::string> role_arn{};
};

/// Deletes a flow; the service stops its executions after their current step, asynchronously.
struct DeleteFlowRequest {
    using response_type = DeleteResponse;

    std::string name;  ///< required
};

struct ListFlowsResponse;

/// One page of the account's flows. Paginator<ListFlowsRequest> walks every page.
struct ListFlowsRequest {
    using response_type = ListFlowsResponse;

    std::optional<int> limit{};               ///< items per page, 1-999 (the service's default: 60)
    std::optional<std::string> next_token{};  ///< from the previous page
    std::optional<std::string> resource_group_id{};
};

struct ListFlowsResponse {
    using item_type = Flow;

    std::string request_id;
    std::vector<Flow> flows;
    std::optional<std::string> next_token{};  ///< absent on the last page

    std::vector<Flow>& items() noexcept { return flows; }
};

}  // namespace cloudflow
