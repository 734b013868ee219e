// cloudflow::version() and the CLOUDFLOW_VERSION_* macros: the library and its headers agree, and
// the version is MAJOR.MINOR.PATCH (semantic versioning, as CHANGELOG.md and the README say).
#include <cloudflow/version.hpp>

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("version: the linked library and the headers agree", "[version]")
{
    CHECK(cloudflow::version() == CLOUDFLOW_VERSION_STRING);
    const std::string expected = std::to_string(CLOUDFLOW_VERSION_MAJOR) + "." +
                                 std::to_string(CLOUDFLOW_VERSION_MINOR) + "." +
                                 std::to_string(CLOUDFLOW_VERSION_PATCH);
    CHECK(cloudflow::version() == expected);
}
