/// @file
/// DescribeRegions: where CloudFlow is offered (fnf 2019-03-15). The service takes it as a POST.
#pragma once

#include <cloudflow/model/region.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

/// The regions where CloudFlow is offered.
struct DescribeRegionsResponse {
    std::string request_id{};       ///< the RequestId the service gave the call
    std::vector<Region> regions{};  ///< one entry a region
};

/// Lists the regions where CloudFlow is offered (DescribeRegions).
struct DescribeRegionsRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DescribeRegionsResponse>`.
    using response_type = DescribeRegionsResponse;

    /// The language of the regions' local names, e.g. "zh-CN", "en-US", "ja".
    std::optional<std::string> accept_language{};
};

}  // namespace cloudflow
