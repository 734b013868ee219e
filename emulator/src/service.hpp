// The fnf 2019-03-15 RPC API as cloudflow-local answers it, apart from HTTP: a request in, an
// answer (or a dropped connection) out. It wires the pieces: the config, the store of executions,
// the catalog of flows, the runner, the scheduler, the replies and the router with its routes.
#pragma once

#include "engine/runner.hpp"
#include "engine/scheduler.hpp"
#include "rpc/envelope.hpp"
#include "rpc/replies.hpp"
#include "rpc/router.hpp"
#include "state/catalog.hpp"
#include "state/clock.hpp"
#include "state/config.hpp"
#include "state/store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>

namespace cloudflow::local {

class Service {
public:
    Service(EmulatorConfig config, std::string host_id);
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // One request; runs on the io_context's thread (the emulator has one, and no locks). Standard
    // executions it starts go on running on that io_context after the answer.
    boost::asio::awaitable<ServiceReply> handle(ServiceRequest request);

    // The answer to a request whose body was over max_request_bytes.
    ServiceReply entity_too_large();
    // The answer to a request whose headers were over the server's limit.
    ServiceReply headers_too_large();

    // Fires the enabled schedules from now on (--run-schedules), each on a timer of `executor`;
    // `log` hears of each execution a schedule starts.
    void run_schedules(const boost::asio::any_io_executor& executor, Scheduler::Log log = {});
    // Cancels the schedules' timers (a graceful stop): nothing fires after this.
    void stop_schedules() { scheduler_.stop(); }
    // Closes the HTTP and FC tasks' pooled connections, which live on the io_context: for an owner
    // that destroys the io_context before the Service (the runs in it reference the Service).
    void close_connections() { integrations_.close_connections(); }

    const EmulatorConfig& config() const { return config_; }
    const FlowClock& clock() const { return clock_; }
    const Store& store() const { return store_; }
    const Scheduler& scheduler() const { return scheduler_; }
    // Signature nonces remembered now (each for the timestamp window).
    std::size_t remembered_nonces() const { return router_.remembered_nonces(); }

private:
    EmulatorConfig config_;
    FlowClock clock_;  // the flows' (config_.time_scale)
    Replies replies_;
    Store store_;
    Catalog catalog_;
    Integrations integrations_;
    Runner runner_;
    Scheduler scheduler_;
    Router router_;
};

}  // namespace cloudflow::local
