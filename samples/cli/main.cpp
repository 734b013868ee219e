// cloudflow: CloudFlow from the command line, one call (or one walk through pages) per run.
//
//   cloudflow COMMAND [options]      (cloudflow --help lists the commands)
//
// Prints the response as one JSON object on stdout and exits 0 when the call succeeded, whatever
// the execution's status; prints the error as one JSON object on stderr and exits 1 when it failed;
// exits 2 for a usage error, before anything is sent.
#include "arguments.hpp"
#include "commands.hpp"
#include "output.hpp"

#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <iostream>

namespace {

using namespace cloudflow;

constexpr const char* options_text = R"(
Options of every command:
  --endpoint URL          the endpoint, e.g. http://127.0.0.1:8080 for cloudflow-local
                          (default: https://{region}.fnf.aliyuncs.com)
  --region ID             the region (default: $ALIBABA_CLOUD_REGION_ID, else the aliyun CLI
                          profile's region_id; not needed with --endpoint)
  --profile NAME          the profile of the aliyun CLI's config and of the shared credentials
                          file, for the credentials and the region (default: $ALIBABA_CLOUD_PROFILE,
                          else the CLI's current profile and the file's [default])
  --max-attempts N        attempts per call, retries included (default 3); 429, 500, 502, 503,
                          504 and failures to connect are retried, and reads also after a timeout
                          or a broken connection
  --timeout SECONDS       each call's deadline, retries included (default: none)
  --ca-file FILE          also trust the CA certificates of this PEM file (a private CA, or a
                          test server's self-signed certificate)
  --insecure              do not verify the server's TLS certificate (loopback tests only)
  --help                  this text

Credentials come from the default chain, first that yields: the environment
(ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and, for STS temporary credentials,
ALIBABA_CLOUD_SECURITY_TOKEN); an OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
ALIBABA_CLOUD_OIDC_TOKEN_FILE); the aliyun CLI's profile (~/.aliyun/config.json: AK, StsToken,
EcsRAMRole, RamRoleArn, ChainableRamRoleArn); the shared credentials file
(ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials, profile --profile,
ALIBABA_CLOUD_PROFILE or default: type access_key, ecs_ram_role, or ram_role_arn, a RAM role
assumed through STS AssumeRole, at ALIBABA_CLOUD_STS_ENDPOINT or sts.aliyuncs.com); the ECS
instance's RAM role (off with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true);
ALIBABA_CLOUD_CREDENTIALS_URI.

On success the response is printed to stdout as one JSON object and the exit status is 0, also
when the execution itself Failed or TimedOut. When a call fails, the error is printed to stderr
as one JSON object (Error, Description, HttpStatus, Code, Message, RequestId, Attempts, and Cause
and Field when they apply) and the exit status is 1. Usage errors exit with 2.
See docs/cli.md for each command's output.
)";

void print_usage()
{
    std::cout << "Usage: cloudflow COMMAND [options]\n\nCommands:\n";
    for (const auto& command : cli::commands()) std::cout << "  " << command.name << ' ' << command.synopsis << '\n';
    std::cout << options_text;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) cli::usage_error("no command given");
    const std::string_view name = argv[1];
    if (name == "--help" || name == "-h") {
        print_usage();
        return 0;
    }
    const auto all = cli::commands();
    const auto command = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.name == name; });
    if (command == all.end()) cli::usage_error("unknown command '" + std::string(name) + "'");

    cli::Arguments args(argc, argv, 2);
    if (args.take_switch("--help") || args.take_switch("-h")) {
        print_usage();
        return 0;
    }
    // First, so that it goes last: the credentials providers' connections (STS, ECS metadata) are
    // closed before the io_context they belong to.
    boost::asio::io_context ioc;
    ClientConfig config;
    CallOptions options;
    if (auto endpoint = args.take("--endpoint")) config.endpoint = std::move(*endpoint);
    if (auto region = args.take("--region")) config.region_id = std::move(*region);
    ProfileOptions profile;
    if (auto name = args.take("--profile")) profile.profile = std::move(*name);
    if (auto attempts = args.take_integer("--max-attempts", 1, 1000))
        config.retry.max_attempts = static_cast<int>(*attempts);
    options.timeout = args.take_seconds("--timeout");
    if (auto ca = args.take("--ca-file")) config.http.ca_file = std::move(*ca);
    config.http.insecure_skip_tls_verify_for_testing_only = args.take_switch("--insecure");
    const cli::Job job = command->parse(args);
    args.finish();

    if (config.region_id.empty() && config.endpoint.empty()) {
        auto region = default_region_id(profile);
        if (!region) cli::usage_error(region.error().message);
        config.region_id = std::move(*region);
    }
    config.credentials = make_default_credentials_chain(ioc.get_executor(), profile);
    config.user_agent_suffix = "cloudflow-cli";
    std::optional<Client> client;
    try {
        client.emplace(ioc.get_executor(), config);
    } catch (const Exception& e) {
        cli::usage_error(e.error().message);
    }

    int status = 1;
    boost::asio::co_spawn(ioc, job(*client, options), [&](std::exception_ptr failure, int exit_status) {
        if (failure) std::rethrow_exception(failure);
        status = exit_status;
    });
    ioc.run();
    return status;
}
