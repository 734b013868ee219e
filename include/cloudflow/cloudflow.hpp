// cloudflow-cpp: the whole public API in one include.
#pragma once

#include <cloudflow/client.hpp>
#include <cloudflow/client_config.hpp>
#include <cloudflow/clock.hpp>
#include <cloudflow/credentials/chain.hpp>
#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/credentials/ecs_ram_role.hpp>
#include <cloudflow/credentials/oidc_role.hpp>
#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/error.hpp>
#include <cloudflow/http/http.hpp>
#include <cloudflow/http/https_transport.hpp>
#include <cloudflow/http/transport.hpp>
#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/names.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/observer.hpp>
#include <cloudflow/operations/start_sync_execution.hpp>
#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/retry.hpp>
#include <cloudflow/rpc/parameters.hpp>
#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/rpc/signer_v3.hpp>
#include <cloudflow/version.hpp>
