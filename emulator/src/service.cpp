#include "service.hpp"

#include "handlers/executions.hpp"
#include "handlers/flows.hpp"

namespace cloudflow::local {

Service::Service(EmulatorConfig config, std::string host_id)
    : config_(std::move(config)), clock_(config_.time_scale), replies_(config_.seed, std::move(host_id)),
      store_(config_.store, clock_), catalog_(config_, config_.seed, clock_),
      integrations_(config_.mocks, config_.functions, config_.outbound),
      runner_(store_, catalog_, integrations_, config_.seed), scheduler_(catalog_, store_, runner_),
      router_(Backend{config_, clock_, store_, catalog_, runner_, scheduler_, replies_},
              {execution_routes(), flow_routes(), version_routes(), alias_routes(), schedule_routes()})
{
}

void Service::run_schedules(const boost::asio::any_io_executor& executor, Scheduler::Log log)
{
    scheduler_.start(executor, std::move(log));
}

boost::asio::awaitable<ServiceReply> Service::handle(ServiceRequest request)
{
    return router_.handle(std::move(request));
}

ServiceReply Service::entity_too_large()
{
    return replies_.error(400, "EntityTooLarge",
                          "The payload size exceeds maximum allowed size (" +
                              std::to_string(config_.max_request_bytes) + " bytes).");
}

ServiceReply Service::headers_too_large()
{
    return replies_.error(400, "InvalidArgument",
                          "The request headers (or the chunk extensions of its body) exceed the maximum allowed size.");
}

}  // namespace cloudflow::local
