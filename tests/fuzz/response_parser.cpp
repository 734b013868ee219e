// libFuzzer target: the response parser, on success bodies and on error answers.
// Whatever the body, parsing ends in a value or a typed Error, never a crash; a parsed Output
// serializes and parses back to itself; an error keeps the HTTP status it was given.
#include "operations/start_sync_execution.hpp"
#include "rpc/error_response.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdlib>

using namespace cloudflow;

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

    // The same bytes as the body of an error answer, with a status taken from the first byte.
    HttpResponse answer;
    answer.status = size > 0 ? 400 + data[0] % 200 : 500;
    answer.body = std::string(body);
    const Error error = detail::parse_error_response(answer);
    if (!error.code || error.http_status != answer.status) std::abort();
    (void)error.to_string();
    return 0;
}
