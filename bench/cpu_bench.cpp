// CPU per call with no network: signing against the raw HMAC floor, building the signed request,
// decoding the answer, and whole calls through a fixed-answer transport and MockTransport.
// Each reports ns/op and allocations/op (operator new is counted: support/alloc_counter.cpp).
#include "support/alloc_counter.hpp"
#include "support/floor_signer.hpp"
#include "support/workload.hpp"

#include <cloudflow/client.hpp>
#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "operations/start_sync_execution.hpp"
#include "rpc/rpc_request.hpp"

#include <benchmark/benchmark.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <chrono>

using namespace cloudflow;
namespace asio = boost::asio;

namespace {

const Endpoint endpoint{"http", "127.0.0.1", 8080};
const Credentials credentials{std::string(bench::access_key_id), std::string(bench::access_key_secret), {}};
const auto signing_time = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));

// Reports the allocations made per iteration since `before`.
void count_allocations(benchmark::State& state, std::uint64_t before)
{
    state.counters["allocs/op"] =
        benchmark::Counter(static_cast<double>(bench::allocations() - before), benchmark::Counter::kAvgIterations);
}

// Every parameter of a signed StartSyncExecution, as the SDK signs them.
Parameters signed_parameters()
{
    auto params = detail::StartSyncExecution::encode(bench::typical_request(), RequestLimits{}).value().to_map();
    params["Action"] = "StartSyncExecution";
    params["Version"] = "2019-03-15";
    params["Format"] = "JSON";
    params["AccessKeyId"] = credentials.access_key_id;
    params["SignatureMethod"] = "HMAC-SHA1";
    params["SignatureVersion"] = "1.0";
    params["SignatureNonce"] = "3f2a9c1e-5b7d-4e2f-8a6c-0d1e2f3a4b5c";
    params["Timestamp"] = detail::rpc_timestamp(signing_time);
    return params;
}

// The SDK's V1 signature: canonical query, string to sign, HMAC-SHA1, Base64.
void BM_Sign_V1_Sdk(benchmark::State& state)
{
    const Parameters params = signed_parameters();
    const auto before = bench::allocations();
    for (auto _ : state) benchmark::DoNotOptimize(sign_rpc_v1("POST", params, credentials.access_key_secret));
    count_allocations(state, before);
}
BENCHMARK(BM_Sign_V1_Sdk);

// The floor: raw OpenSSL one-shot HMAC-SHA1 and Base64 of the same string to sign (already built).
void BM_Sign_V1_Floor_OneShotHmac(benchmark::State& state)
{
    const std::string string_to_sign =
        sign_rpc_v1("POST", signed_parameters(), bench::access_key_secret).string_to_sign;
    const std::string key = std::string(bench::access_key_secret) + "&";
    const auto before = bench::allocations();
    for (auto _ : state) {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int size = 0;
        HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), digest.data(),
             &size);
        std::array<unsigned char, 32> text{};
        benchmark::DoNotOptimize(EVP_EncodeBlock(text.data(), digest.data(), static_cast<int>(size)));
    }
    count_allocations(state, before);
}
BENCHMARK(BM_Sign_V1_Floor_OneShotHmac);

// The lowest floor: a keyed HMAC context reused for every signature.
void BM_Sign_V1_Floor_ReusedHmac(benchmark::State& state)
{
    const std::string string_to_sign =
        sign_rpc_v1("POST", signed_parameters(), bench::access_key_secret).string_to_sign;
    bench::FloorSigner signer(bench::access_key_secret);
    const auto before = bench::allocations();
    for (auto _ : state) benchmark::DoNotOptimize(signer.sign(string_to_sign));
    count_allocations(state, before);
}
BENCHMARK(BM_Sign_V1_Floor_ReusedHmac);

// Validate + encode + sign + build the HTTP request: all the client does before the transport.
void BM_BuildRequest(benchmark::State& state)
{
    const auto request = bench::typical_request();
    const auto before = bench::allocations();
    for (auto _ : state) {
        const auto params = detail::StartSyncExecution::encode(request, RequestLimits{});
        const detail::RpcCall call{"StartSyncExecution", "2019-03-15", &*params};
        benchmark::DoNotOptimize(detail::build_signed_request(call, RequestMethod::post, endpoint, credentials,
                                                              "3f2a9c1e-5b7d-4e2f-8a6c-0d1e2f3a4b5c", signing_time,
                                                              "cloudflow-cpp/bench"));
    }
    count_allocations(state, before);
}
BENCHMARK(BM_BuildRequest);

// Decoding a typical answer into the typed response (the Output parsed as JSON).
void BM_ParseResponse(benchmark::State& state)
{
    const auto before = bench::allocations();
    for (auto _ : state)
        benchmark::DoNotOptimize(
            detail::decode_body<detail::StartSyncExecution>(bench::answer_body, RequestLimits{}.max_json_depth));
    count_allocations(state, before);
}
BENCHMARK(BM_ParseResponse);

// A Transport that answers every request with the same response at once: the client's own cost.
class FixedTransport final : public Transport {
public:
    asio::awaitable<Result<HttpResponse>> send(HttpRequest, std::chrono::steady_clock::time_point) override
    {
        co_return HttpResponse{200, {{"Content-Type", "application/json"}}, std::string(bench::answer_body)};
    }
};

ClientConfig bench_config()
{
    ClientConfig config;
    config.endpoint = "http://127.0.0.1:8080";
    config.credentials =
        make_static_credentials(std::string(bench::access_key_id), std::string(bench::access_key_secret));
    return config;
}

// Calls one after another on one thread, each awaited to its end.
void run_calls(benchmark::State& state, Client& client, asio::io_context& ioc)
{
    const auto before = bench::allocations();
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            for (auto _ : state) {
                auto request = bench::typical_request();
                auto result = co_await client.start_sync_execution(std::move(request));
                if (!result) state.SkipWithError(result.error().message.c_str());
                benchmark::DoNotOptimize(result);
            }
        },
        asio::detached);
    ioc.run();
    count_allocations(state, before);
}

// A whole call: validate, sign, "send", decode, with the client's coroutines and observers.
void BM_Call_FixedTransport(benchmark::State& state)
{
    asio::io_context ioc;
    Client client(ioc.get_executor(), bench_config(), std::make_shared<FixedTransport>());
    run_calls(state, client, ioc);
}
BENCHMARK(BM_Call_FixedTransport);

// The same through testing::MockTransport, which also records each request.
void BM_Call_MockTransport(benchmark::State& state)
{
    asio::io_context ioc;
    auto mock = std::make_shared<testing::MockTransport>();
    mock->on_request([](const testing::RecordedRequest&) {
        return testing::MockReply::respond(200, std::string(bench::answer_body));
    });
    Client client(ioc.get_executor(), bench_config(), mock);
    run_calls(state, client, ioc);
}
BENCHMARK(BM_Call_MockTransport);

}  // namespace

BENCHMARK_MAIN();
