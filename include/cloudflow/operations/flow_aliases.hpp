/// @file
/// The alias operations: CreateFlowAlias, DescribeFlowAlias, UpdateFlowAlias, ListFlowAliases and
/// DeleteFlowAlias (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/flow_version.hpp>
#include <cloudflow/operations/delete_response.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

/// Create, Describe and UpdateFlowAlias answer with the alias (only CreateFlowAlias names its flow).
struct FlowAliasResponse {
    std::string request_id{};                ///< the RequestId the service gave the call
    FlowAlias alias{};                       ///< the alias
    std::optional<std::string> flow_name{};  ///< its flow; CreateFlowAlias's answer only
};

/// Creates an alias. Not retried after it may have been sent: a repeat finds the name taken.
struct CreateFlowAliasRequest {
    /// The answer of this operation: Client::async_call completes with `Result<FlowAliasResponse>`.
    using response_type = FlowAliasResponse;

    std::string flow_name{};  ///< required
    std::string name{};       ///< required; the name rules of check_name
    /// Required: one or two versions, each with a weight of 0-100.
    std::vector<RoutingConfiguration> routing_configurations{};
    std::optional<std::string> description{};  ///< what it is for
};

/// Describes an alias of a flow.
struct DescribeFlowAliasRequest {
    /// The answer of this operation: Client::async_call completes with `Result<FlowAliasResponse>`.
    using response_type = FlowAliasResponse;

    std::string flow_name{};  ///< required
    std::string name{};       ///< required
};

/// Sets what is given; what is absent is left as it is.
struct UpdateFlowAliasRequest {
    /// The answer of this operation: Client::async_call completes with `Result<FlowAliasResponse>`.
    using response_type = FlowAliasResponse;

    std::string flow_name{};                                                    ///< required
    std::string name{};                                                         ///< required
    std::optional<std::vector<RoutingConfiguration>> routing_configurations{};  ///< one or two
    std::optional<std::string> description{};                                   ///< a new description
};

struct ListFlowAliasesResponse;

/// One page of a flow's aliases. Paginator<ListFlowAliasesRequest> walks them.
struct ListFlowAliasesRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ListFlowAliasesResponse>`.
    using response_type = ListFlowAliasesResponse;

    std::string flow_name{};                  ///< required
    std::optional<int> limit{};               ///< items per page, 1-999
    std::optional<std::string> next_token{};  ///< from the previous page
};

/// One page of a flow's aliases.
struct ListFlowAliasesResponse {
    /// The type of one item of a page, for Paginator.
    using item_type = FlowAlias;

    std::string request_id{};                 ///< the RequestId the service gave the call
    std::vector<FlowAlias> aliases{};         ///< this page's aliases
    std::optional<std::string> next_token{};  ///< absent on the last page

    /// This page's items, for Paginator.
    std::vector<FlowAlias>& items() noexcept { return aliases; }
};

/// Deletes an alias; the versions it routed to stay.
struct DeleteFlowAliasRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DeleteResponse>`.
    using response_type = DeleteResponse;

    std::string flow_name{};  ///< required
    std::string name{};       ///< required
};

}  // namespace cloudflow
