// What the durations tests of several areas share (tests/unit/*/durations_test.cpp): a
// credentials document with a given Expiration, an attempt's error, and the field a constructor's
// invalid_config names.
#pragma once

#include <cloudflow/error.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

namespace cloudflow::test {

using DurSysPoint = std::chrono::system_clock::time_point;
using DurSteadyPoint = std::chrono::steady_clock::time_point;

inline constexpr auto dur_jan_2024 = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};

// An ECS or STS credentials document that expires at `expiration`.
inline std::string dur_document(const std::string& expiration)
{
    return R"({"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sts-secret","SecurityToken":"sts-token",)"
           R"("Expiration":")" +
           expiration + R"("})";
}

// The error of an attempt answered with `status`.
inline Error dur_attempt_error(int status, errc code, int attempts)
{
    Error e = make_error(code, "from the service");
    e.http_status = status;
    e.attempts = attempts;
    return e;
}

// The invalid_config a constructor throws: its field, or "(accepted)".
template <class Make>
std::string dur_refused_field(Make make)
{
    try {
        make();
    } catch (const Exception& e) {
        CHECK(e.error().code == errc::invalid_config);
        return e.error().field;
    }
    return "(accepted)";
}

}  // namespace cloudflow::test
