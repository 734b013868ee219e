#include <cloudflow/version.hpp>

namespace cloudflow {

std::string_view version() noexcept
{
    return CLOUDFLOW_VERSION_STRING;
}

}  // namespace cloudflow
