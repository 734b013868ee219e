/// @file
/// The answer of the Delete operations (DeleteFlow, DeleteFlowVersion, DeleteFlowAlias,
/// DeleteSchedule): the RequestId only.
#pragma once

#include <string>

namespace cloudflow {

struct DeleteResponse {
    std::string request_id;
};

}  // namespace cloudflow
