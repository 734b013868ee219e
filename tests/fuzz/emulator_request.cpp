// libFuzzer target: cloudflow-local's request handling (parameter parsing, signature checks V1
// and V3, action dispatch, the handlers and the flow run) on requests built from the fuzzer's bytes.
// Byte 0 chooses the mode:
//   0: raw - the rest is "query\nbody\nheader: value\n...", unsigned (or wrongly signed);
//   1: signed V1, 2: signed V3 - the rest is "Action\nform-encoded parameters", signed with the
//      demo key by the SDK, so the fuzzer reaches what lies behind a valid signature.
// Every answer has a valid HTTP status and a body that is JSON, whatever came in.
#include "rpc/rpc_request.hpp"
#include "service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <cstdint>
#include <cstdlib>

namespace asio = boost::asio;
using namespace cloudflow;

namespace {

std::string_view next_line(std::string_view& text)
{
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return line;
}

local::ServiceRequest raw_request(std::string_view text, bool post)
{
    local::ServiceRequest r;
    r.method = post ? "POST" : "GET";
    r.target = "/?" + std::string(next_line(text));
    r.body = std::string(next_line(text));
    while (!text.empty()) {
        const auto line = next_line(text);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
    if (const auto type = find_header(r.headers, "content-type")) r.content_type = *type;
    return r;
}

local::ServiceRequest signed_request(std::string_view text, bool post, bool v3)
{
    static std::uint64_t nonce = 0;
    const std::string action(next_line(text));
    auto params = decode_parameters(text);
    const detail::ParameterList operation_params = params ? detail::ParameterList(*params) : detail::ParameterList();
    const detail::RpcCall call{action, detail::api_version, &operation_params};
    const Endpoint endpoint{"http", "127.0.0.1", 8080};
    const Credentials credentials{"LTAI-cloudflow-local-demo", "cloudflow-local-demo-secret", std::nullopt};
    const auto method = post ? RequestMethod::post : RequestMethod::get;
    const auto now = std::chrono::system_clock::now();
    const std::string n = "fuzz-" + std::to_string(++nonce);
    const HttpRequest http = v3 ? detail::build_v3_signed_request(call, method, endpoint, credentials, n, now, "fuzz")
                                : detail::build_signed_request(call, method, endpoint, credentials, n, now, "fuzz");
    local::ServiceRequest r;
    r.method = http.method;
    r.target = http.target;
    r.body = http.body;
    r.headers = http.headers;
    r.headers.emplace_back("host", host_header(http));
    if (const auto type = find_header(r.headers, "content-type")) r.content_type = *type;
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    // A Service per input: one shared by all would remember every nonce, so each input would end
    // with more allocations than frees, and libFuzzer would scan for leaks after every one.
    static const local::EmulatorConfig config = local::demo_config();
    local::Service service(config, "fuzz-host");
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const bool post = data[0] & 0x10;
    local::ServiceRequest request;
    switch (data[0] % 3) {
    case 0: request = raw_request(text, post); break;
    case 1: request = signed_request(text, post, false); break;
    default: request = signed_request(text, post, true); break;
    }

    asio::io_context io;
    std::optional<local::ServiceReply> reply;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { reply = co_await service.handle(std::move(request)); }, asio::detached);
    // Until the answer only: a standard execution it started would run on (a Wait, a callback
    // task). Destroying the io_context ends those runs.
    while (!reply && io.run_one() != 0) {
    }

    if (!reply || reply->status < 200 || reply->status > 599) std::abort();
    boost::system::error_code ec;
    const auto body = boost::json::parse(reply->body, ec);
    if (ec || !body.is_object()) std::abort();
    return 0;
}
