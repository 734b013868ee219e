// The error names a flow's Retry and Catch rules match, besides a Fail state's Code, a callback's
// Error and an integration's own (FC.<code>). Only FnF.ALL is documented; the three others are
// cloudflow-local's names where the service's docs are silent (docs/emulator.md).
#pragma once

#include <string_view>

namespace cloudflow::local::error_names {

inline constexpr std::string_view all = "FnF.ALL";                 // matches every error
inline constexpr std::string_view timeout = "FnF.Timeout";         // a Task's Timeout (a callback's too)
inline constexpr std::string_view task_failed = "FnF.TaskFailed";  // an integration failed without a code
inline constexpr std::string_view runtime = "FnF.RuntimeError";    // an expression, a constructor, a size
inline constexpr std::string_view fc_prefix = "FC.";               // FC.<ErrorCode> of Function Compute

}  // namespace cloudflow::local::error_names
