#include <cloudflow/model/execution_status.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace cloudflow;

TEST_CASE("execution status: every spelling of the API page round-trips", "[status]")
{
    for (const auto s : {ExecutionStatus::starting, ExecutionStatus::running, ExecutionStatus::stopped,
                         ExecutionStatus::succeeded, ExecutionStatus::failed, ExecutionStatus::timed_out})
        CHECK(parse_execution_status(to_string(s)) == s);
    CHECK(to_string(ExecutionStatus::timed_out) == "TimedOut");
    CHECK(parse_execution_status("Succeeded") == ExecutionStatus::succeeded);
}

TEST_CASE("execution status: unknown and differently cased text is unknown", "[status]")
{
    CHECK(parse_execution_status("Paused") == ExecutionStatus::unknown);
    CHECK(parse_execution_status("succeeded") == ExecutionStatus::unknown);
    CHECK(parse_execution_status("") == ExecutionStatus::unknown);
    std::ostringstream os;
    os << ExecutionStatus::failed;
    CHECK(os.str() == "Failed");
}
