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
    std::string request_id;
    FlowAlias alias;
    std::optional<std::string> flow_name{};
};

/// Creates an alias. Not retried after it may have been sent: a repeat finds the name taken.
struct CreateFlowAliasRequest {
    using response_type = FlowAliasResponse;

    std::string flow_name;  ///< required
    std::string name;       ///< required; the name rules of check_name
    /// Required: one or two versions, each with a weight of 0-100.
    std::vector<RoutingConfiguration> routing_configurations;
    std::optional<std::string> description{};
};

struct DescribeFlowAliasRequest {
    using response_type = FlowAliasResponse;

    std::string flow_name;  ///< required
    std::string name;       ///< required
};

/// Sets what is given; what is absent is left as it is.
struct UpdateFlowAliasRequest {
    using response_type = FlowAliasResponse;

    std::string flow_name;                                                      ///< required
    std::string name;                                                           ///< required
    std::optional<std::vector<RoutingConfiguration>> routing_configurations{};  ///< one or two
    std::optional<std::string> description{};
};

struct ListFlowAliasesResponse;

/// One page of a flow's aliases. Paginator<ListFlowAliasesRequest> walks them.
struct ListFlowAliasesRequest {
    using response_type = ListFlowAliasesResponse;

    std::string flow_name;                    ///< required
    std::optional<int> limit{};               ///< items per page, 1-999
    std::optional<std::string> next_token{};  ///< from the previous page
};

struct ListFlowAliasesResponse {
    using item_type = FlowAlias;

    std::string request_id;
    std::vector<FlowAlias> aliases;
    std::optional<std::string> next_token{};

    std::vector<FlowAlias>& items() noexcept { return aliases; }
};

struct DeleteFlowAliasRequest {
    using response_type = DeleteResponse;

    std::string flow_name;  ///< required
    std::string name;       ///< required
};

}  // namespace cloudflow
