// The call every benchmark makes: a StartSyncExecution with a typical input, and the answer the
// service gives to it. Shared by the CPU, loopback and memory benchmarks and the fixed-answer server.
#pragma once

#include <cloudflow/operations/start_sync_execution.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <string_view>

namespace cloudflow::bench {

inline constexpr std::string_view access_key_id = "bench-key-id";
inline constexpr std::string_view access_key_secret = "bench-key-secret";

// 58 bytes of input: an order, as a service would send it.
inline constexpr std::string_view input_json = R"({"orderId":"A-10042","amount":129.5,"items":["sku-1","sku-2"]})";

// The body of a typical answer: a succeeded execution with a small output.
inline constexpr std::string_view answer_body =
    R"({"RequestId":"4C3D8E2A-8F1B-4E8B-9B9A-2F6C1D0E7A55","FlowName":"demo_flow",)"
    R"("Name":"order-42:8f3c2a4e-1d2b-4c5d-9e8f-0a1b2c3d4e5f","Status":"Succeeded",)"
    R"("Output":"{\"orderId\":\"A-10042\",\"approved\":true,\"total\":129.5}",)"
    R"("StartedTime":"2026-12-02T07:00:00.123Z","StoppedTime":"2026-12-02T07:00:00.150Z"})";

inline StartSyncExecutionRequest typical_request(std::string flow = "demo_flow")
{
    StartSyncExecutionRequest request{.flow_name = std::move(flow)};
    request.execution_name = "order-42";
    request.input_json = std::string(input_json);
    return request;
}

}  // namespace cloudflow::bench
