// cloudflow-cpp: the whole public API in one include.
#pragma once

#include <cloudflow/client.hpp>
#include <cloudflow/client_config.hpp>
#include <cloudflow/clock.hpp>
#include <cloudflow/credentials.hpp>
#include <cloudflow/credentials_chain.hpp>
#include <cloudflow/ecs_credentials.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/error.hpp>
#include <cloudflow/execution_status.hpp>
#include <cloudflow/http.hpp>
#include <cloudflow/https_transport.hpp>
#include <cloudflow/observer.hpp>
#include <cloudflow/oidc_credentials.hpp>
#include <cloudflow/parameters.hpp>
#include <cloudflow/refreshing_credentials.hpp>
#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/retry.hpp>
#include <cloudflow/signer.hpp>
#include <cloudflow/signer_v3.hpp>
#include <cloudflow/start_sync_execution.hpp>
#include <cloudflow/timestamp.hpp>
#include <cloudflow/transport.hpp>
#include <cloudflow/validation.hpp>
#include <cloudflow/version.hpp>
