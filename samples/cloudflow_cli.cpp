// cloudflow: start a CloudFlow execution synchronously from the command line.
//
//   cloudflow start-sync-execution --flow-name NAME [--input JSON] [--execution-name NAME]
//       [--qualifier Q] [--endpoint URL] [--region ID] [--max-attempts N] [--timeout SECONDS]
//       [--insecure]
//
// Prints the response as one JSON object on stdout and exits 0 when the call succeeded, whatever
// the execution's status; prints the error as one JSON object on stderr and exits 1 when it failed;
// exits 2 for a usage error.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>

namespace {

namespace json = boost::json;

constexpr const char* usage = R"(Usage: cloudflow start-sync-execution --flow-name NAME [options]

Starts an execution of a CloudFlow flow (express mode) and waits for its result.

Options:
  --flow-name NAME        the flow to run (required)
  --input JSON            the execution's input, a JSON object
  --execution-name NAME   a name for the execution (the service appends :{UUID})
  --qualifier Q           the flow version or alias to run
  --endpoint URL          the endpoint, e.g. http://127.0.0.1:8080 for cloudflow-local
                          (default: https://{region}.fnf.aliyuncs.com)
  --region ID             the region (default: $ALIBABA_CLOUD_REGION_ID, else cn-hangzhou)
  --max-attempts N        attempts in all, retries included (default 3); 429, 500, 502, 503,
                          504 and failures to connect are retried
  --timeout SECONDS       the whole call's deadline, retries included (default: none)
  --insecure              do not verify the server's TLS certificate (loopback tests only)
  --help                  this text

Credentials come from the default chain, first that yields: the environment
(ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and, for STS temporary credentials,
ALIBABA_CLOUD_SECURITY_TOKEN); an OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
ALIBABA_CLOUD_OIDC_TOKEN_FILE); the aliyun CLI's profile (~/.aliyun/config.json); the shared
credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials, profile
ALIBABA_CLOUD_PROFILE or default); the ECS instance's RAM role (off with
ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); ALIBABA_CLOUD_CREDENTIALS_URI.

On success the response is printed to stdout as one JSON object (RequestId, FlowName, Name,
Status, ErrorCode, ErrorMessage, Output, StartedTime, StoppedTime) and the exit status is 0, also
when the execution itself Failed or TimedOut. When the call fails, the error is printed to stderr
as one JSON object (Error, Description, HttpStatus, Code, Message, RequestId, Attempts, and Cause
and Field when they apply) and the exit status is 1.
Usage errors exit with 2.
)";

[[noreturn]] void usage_error(const std::string& message)
{
    std::cerr << "cloudflow: " << message << "\nRun 'cloudflow --help' for the options.\n";
    std::exit(2);
}

json::value optional_text(const std::optional<std::string>& s)
{
    return s ? json::value(*s) : json::value(nullptr);
}

json::value optional_time(const std::optional<cloudflow::Timestamp>& t)
{
    return t ? json::value(cloudflow::format_timestamp(*t)) : json::value(nullptr);
}

json::object response_json(const cloudflow::StartSyncExecutionResponse& r)
{
    return {{"RequestId", r.request_id},
            {"FlowName", r.flow_name},
            {"Name", r.name},
            {"Status", r.status_text},
            {"ErrorCode", optional_text(r.error_code)},
            {"ErrorMessage", optional_text(r.error_message)},
            {"Output", r.output ? *r.output : json::value(nullptr)},
            {"StartedTime", optional_time(r.started_time)},
            {"StoppedTime", optional_time(r.stopped_time)}};
}

json::object error_json(const cloudflow::Error& e)
{
    const auto name = [](boost::system::error_code ec) -> std::string {
        if (ec.category() == cloudflow::error_category())
            return std::string(cloudflow::to_string(static_cast<cloudflow::errc>(ec.value())));
        return ec.message();
    };
    json::object out{{"Error", name(e.code)},  {"Description", e.to_string()}, {"HttpStatus", e.http_status},
                     {"Code", e.service_code}, {"Message", e.message},         {"RequestId", e.request_id},
                     {"Attempts", e.attempts}};
    if (e.cause) out["Cause"] = name(e.cause);
    if (!e.field.empty()) out["Field"] = e.field;
    return out;
}

template <class T>
T number(std::string_view flag, std::string_view text)
{
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        usage_error(std::string(flag) + " takes a number, not '" + std::string(text) + "'");
    return value;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc >= 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        std::cout << usage;
        return 0;
    }
    if (argc < 2 || std::string_view(argv[1]) != "start-sync-execution")
        usage_error(argc < 2 ? "no command given" : "unknown command '" + std::string(argv[1]) + "'");

    cloudflow::StartSyncExecutionRequest request;
    cloudflow::ClientConfig config;
    cloudflow::CallOptions options;
    bool have_flow = false;
    if (const char* region = std::getenv("ALIBABA_CLOUD_REGION_ID"); region && *region) config.region_id = region;

    for (int i = 2; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            return 0;
        }
        if (flag == "--insecure") {
            config.http.insecure_skip_tls_verify_for_testing_only = true;
            continue;
        }
        if (i + 1 >= argc) usage_error("unknown option or missing value: " + std::string(flag));
        const std::string value = argv[++i];
        if (flag == "--flow-name") {
            request.flow_name = value;
            have_flow = true;
        } else if (flag == "--input") {
            request.input_json = value;
        } else if (flag == "--execution-name") {
            request.execution_name = value;
        } else if (flag == "--qualifier") {
            request.qualifier = value;
        } else if (flag == "--endpoint") {
            config.endpoint = value;
        } else if (flag == "--region") {
            config.region_id = value;
        } else if (flag == "--max-attempts") {
            const int n = number<int>(flag, value);
            if (n < 1) usage_error("--max-attempts must be at least 1");
            config.retry.max_attempts = n;
        } else if (flag == "--timeout") {
            // Whole milliseconds; a deadline too far for the clock (1e10, inf) is no deadline.
            const double seconds = number<double>(flag, value);
            if (!(seconds >= 0.001))
                usage_error("--timeout must be at least 0.001 seconds (1 ms), not '" + value + "'");
            const double ms = std::round(seconds * 1000);
            options.timeout = ms < static_cast<double>(std::chrono::milliseconds::max().count())
                                  ? std::chrono::milliseconds(static_cast<long long>(ms))
                                  : std::chrono::milliseconds::max();
        } else {
            usage_error("unknown option " + std::string(flag));
        }
    }
    if (!have_flow) usage_error("--flow-name is required");
    boost::asio::io_context ioc;
    if (config.region_id.empty()) config.region_id = "cn-hangzhou";
    config.credentials = cloudflow::make_default_credentials_chain(ioc.get_executor());
    config.user_agent_suffix = "cloudflow-cli";

    std::optional<cloudflow::Client> client;
    try {
        client.emplace(ioc.get_executor(), config);
    } catch (const cloudflow::Exception& e) {
        usage_error(e.error().message);
    }

    int status = 1;
    boost::asio::co_spawn(ioc, client->start_sync_execution(request, options),
                          [&](std::exception_ptr failure, cloudflow::Result<cloudflow::StartSyncExecutionResponse> r) {
                              if (failure) std::rethrow_exception(failure);
                              if (r) {
                                  std::cout << json::serialize(response_json(*r)) << std::endl;
                                  status = 0;
                              } else {
                                  std::cerr << json::serialize(error_json(r.error())) << std::endl;
                              }
                          });
    ioc.run();
    return status;
}
