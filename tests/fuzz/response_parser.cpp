// libFuzzer target: the response parser, on success bodies and on error answers.
// Whatever the body, parsing ends in a value or a typed Error, never a crash, with the decoder of
// every operation; a parsed Output serializes and parses back to itself; an error keeps the HTTP
// status it was given. Seeds: tests/fuzz/corpus/response_parser and the golden bodies
// (tests/fixtures/fnf, added by scripts/fuzz.sh).
#include "operations/describe_execution.hpp"
#include "operations/flow_aliases.hpp"
#include "operations/flow_versions.hpp"
#include "operations/flows.hpp"
#include "operations/get_execution_history.hpp"
#include "operations/list_executions.hpp"
#include "operations/map_runs.hpp"
#include "operations/regions.hpp"
#include "operations/report_task.hpp"
#include "operations/schedules.hpp"
#include "operations/start_execution.hpp"
#include "operations/start_sync_execution.hpp"
#include "operations/stop_execution.hpp"
#include "rpc/error_response.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdlib>

using namespace cloudflow;

namespace {

// Each decoder ends in a value or malformed_response.
template <class... Op>
void decode_with_every(std::string_view body)
{
    const bool typed = ((detail::decode_body<Op>(body, 1000).has_value() ||
                         detail::decode_body<Op>(body, 1000).error().code == errc::malformed_response) &&
                        ...);
    if (!typed) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view body(reinterpret_cast<const char*>(data), size);

    const auto success = detail::decode_body<detail::StartSyncExecution>(body, 1000);
    if (success) {
        if (success->output) {
            boost::system::error_code ec;
            boost::json::parse_options deep;
            deep.max_depth = 1000;  // the parser's own limit
            const auto again = boost::json::parse(boost::json::serialize(*success->output), ec, {}, deep);
            if (ec || again != *success->output) std::abort();
        }
    } else if (success.error().code != errc::malformed_response) {
        std::abort();
    }

    using namespace cloudflow::detail;
    decode_with_every<StartExecution, DescribeExecution, StopExecution, ListExecutions, GetExecutionHistory,
                      ReportTaskSucceeded, CreateFlow, DescribeFlow, UpdateFlow, DeleteFlow, ListFlows,
                      PublishFlowVersion, ListFlowVersions, DeleteFlowVersion, CreateFlowAlias, DescribeFlowAlias,
                      ListFlowAliases, CreateSchedule, ListSchedules, DescribeMapRun, UpdateMapRun, DescribeRegions>(
        body);

    // The same bytes as the body of an error answer, with a status taken from the first byte.
    HttpResponse answer;
    answer.status = size > 0 ? 400 + data[0] % 200 : 500;
    answer.body = std::string(body);
    const Error error = detail::parse_error_response(answer);
    if (!error.code || error.http_status != answer.status) std::abort();
    (void)error.to_string();
    return 0;
}
