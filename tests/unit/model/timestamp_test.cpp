#include <cloudflow/model/timestamp.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono;

TEST_CASE("timestamp: the API page's format", "[timestamp]")
{
    const auto t = parse_timestamp("2019-01-01T01:01:01.001Z");
    REQUIRE(t);
    CHECK(*t == sys_days{2019y / 1 / 1} + 1h + 1min + 1s + 1ms);
    CHECK(format_timestamp(*t) == "2019-01-01T01:01:01.001Z");
}

TEST_CASE("timestamp: every field written with its leading zeros, at the ends of the range", "[timestamp]")
{
    CHECK(format_timestamp(Timestamp{}) == "1970-01-01T00:00:00.000Z");
    CHECK(format_timestamp(sys_days{2024y / 2 / 9} + 3h + 4min + 5s + 67ms) == "2024-02-09T03:04:05.067Z");
    CHECK(format_timestamp(sys_days{9999y / 12 / 31} + 23h + 59min + 59s + 999ms) == "9999-12-31T23:59:59.999Z");
    CHECK(format_timestamp(sys_days{10000y / 1 / 1}) == "10000-01-01T00:00:00.000Z");
    CHECK(format_timestamp(sys_days{0y / 1 / 1}) == "0000-01-01T00:00:00.000Z");
}

TEST_CASE("timestamp: variants that are still ISO 8601 UTC", "[timestamp]")
{
    CHECK(parse_timestamp("2024-02-29T23:59:59Z") == sys_days{2024y / 2 / 29} + 23h + 59min + 59s);
    CHECK(parse_timestamp("2024-01-01T00:00:00.5Z") == sys_days{2024y / 1 / 1} + 500ms);
    CHECK(parse_timestamp("2024-01-01T00:00:00.123456789Z") == sys_days{2024y / 1 / 1} + 123ms);
    CHECK(parse_timestamp("2024-01-01T08:00:00+08:00") == sys_days{2024y / 1 / 1});
    CHECK(parse_timestamp("2023-12-31T23:30:00-00:30") == sys_days{2024y / 1 / 1});
}

TEST_CASE("timestamp: text that is not a time is refused", "[timestamp]")
{
    for (const char* bad : {"", "2019-01-01", "2019-01-01T01:01:01", "2019-02-30T00:00:00Z", "2019-13-01T00:00:00Z",
                            "2019-01-01T24:00:00Z", "2019-01-01T00:60:00Z", "2019-01-01 00:00:00Z",
                            "2019-01-01T00:00:00.Z", "2019-01-01T00:00:00Zjunk", "2019-01-01T00:00:00+0800",
                            "yyyy-01-01T00:00:00Z", "2019-01-01T00:00:00+24:00"}) {
        INFO(bad);
        CHECK_FALSE(parse_timestamp(bad));
    }
}

TEST_CASE("timestamp: HTTP dates", "[timestamp]")
{
    const auto t = sys_days{1994y / 11 / 6} + 8h + 49min + 37s;
    CHECK(format_http_date(t) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == t);
    CHECK(format_http_date(sys_days{2024y / 2 / 29}) == "Thu, 29 Feb 2024 00:00:00 GMT");
    CHECK_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
    CHECK_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
}
