/// @file
/// A region where CloudFlow is offered (DescribeRegions, fnf 2019-03-15).
#pragma once

#include <string>

namespace cloudflow {

/// A region where CloudFlow is offered, as DescribeRegions lists it.
struct Region {
    std::string region_id{};        ///< "cn-hangzhou"
    std::string local_name{};       ///< in the language asked for
    std::string region_endpoint{};  ///< "cn-hangzhou.fnf.aliyuncs.com"
};

}  // namespace cloudflow
