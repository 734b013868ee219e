#include "service.hpp"

#include "handlers/executions.hpp"

namespace cloudflow::local {

Service::Service(EmulatorConfig config, std::string host_id)
    : config_(std::move(config)), replies_(config_.seed, std::move(host_id)), store_(config_.store), runner_(store_),
      router_(config_, replies_, store_, runner_, {execution_routes()})
{
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
