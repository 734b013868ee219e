// "Your service": the code under test of testing_with_mock_transport.cpp and
// testing_with_local_emulator.cpp. It ships an order by running the express flow `ship_order`,
// which answers {"tracking": "..."}, and turns every answer of the SDK into the service's own
// outcome: shipped with a tracking number, or a problem it can show.
#pragma once

#include <cloudflow/cloudflow.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>

namespace shop {

struct Shipment {
    bool shipped = false;
    std::string tracking;  // when shipped
    std::string problem;   // when not
};

inline Shipment shipment_problem(std::string problem)
{
    Shipment s;
    s.problem = std::move(problem);
    return s;
}

// The client is the caller's: its retries, deadline and credentials are configured there.
inline boost::asio::awaitable<Shipment> ship_order(cloudflow::Client& client, int order)
{
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "ship_order";
    request.input = boost::json::object{{"order", order}};
    const auto result = co_await client.start_sync_execution(request);

    if (!result) {  // the call failed, after the client's retries
        if (result.error().is(cloudflow::condition::not_found))
            co_return shipment_problem("shipping is not set up (no flow ship_order)");
        co_return shipment_problem("shipping is unavailable: " + result.error().code.message());
    }
    if (result->status != cloudflow::ExecutionStatus::succeeded)  // the flow ran and said no
        co_return shipment_problem("shipping refused order " + std::to_string(order) + ": " +
                                   result->error_code.value_or("no reason given"));

    const auto* output = result->output ? result->output->if_object() : nullptr;
    const auto* tracking = output ? output->if_contains("tracking") : nullptr;
    if (!tracking || !tracking->is_string()) co_return shipment_problem("shipping gave no tracking number");
    Shipment shipped;
    shipped.shipped = true;
    shipped.tracking = tracking->get_string();
    co_return shipped;
}

}  // namespace shop
