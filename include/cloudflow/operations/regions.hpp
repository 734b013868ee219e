/// @file
/// DescribeRegions: where CloudFlow is offered (fnf 2019-03-15). The service takes it as a POST.
#pragma once

#include <cloudflow/model/region.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

struct DescribeRegionsResponse {
    std::string request_id;
    std::vector<Region> regions;
};

struct DescribeRegionsRequest {
    using response_type = DescribeRegionsResponse;

    /// The language of the regions' local names, e.g. "zh-CN", "en-US", "ja".
    std::optional<std::string> accept_language{};
};

}  // namespace cloudflow
