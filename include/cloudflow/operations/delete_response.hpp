/// @file
/// The answer of the Delete operations (DeleteFlow, DeleteFlowVersion, DeleteFlowAlias,
/// DeleteSchedule): the RequestId only.
#pragma once

#include <string>

namespace cloudflow {

/// The answer of a Delete operation.
struct DeleteResponse {
    std::string request_id{};  ///< the RequestId the service gave the call
};

}  // namespace cloudflow
