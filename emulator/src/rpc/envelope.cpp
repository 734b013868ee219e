#include "rpc/envelope.hpp"

#include <cloudflow/rpc/signer_v3.hpp>

#include <boost/beast/core/string.hpp>

#include <optional>

namespace cloudflow::local {

std::variant<Envelope, Refusal> open_envelope(const ServiceRequest& request, SignatureVerifier& verifier,
                                              const std::function<bool(std::string_view)>& served,
                                              std::chrono::system_clock::time_point now)
{
    if (!request.has_host) return Refusal{400, "MissingRequiredHeader", "The HTTP header 'Host' must be specified."};
    if (request.method != "GET" && request.method != "POST")
        return Refusal{400, "InvalidArgument", "The HTTP method " + request.method + " is not supported."};

    Envelope out;
    const auto q = request.target.find('?');
    if (q != std::string::npos) {
        auto query = decode_parameters(std::string_view(request.target).substr(q + 1));
        if (!query) return Refusal{400, "InvalidArgument", "The query string is not valid percent-encoded text."};
        out.params = std::move(*query);
    }
    if (!request.body.empty()) {
        if (constexpr std::string_view form_type = "application/x-www-form-urlencoded";
            !boost::beast::iequals(std::string_view(request.content_type).substr(0, form_type.size()), form_type))
            return Refusal{415, "UnsupportedMediaType",
                           "The content type must be \"application/x-www-form-urlencoded\"."};
        auto form = decode_parameters(request.body);
        if (!form) return Refusal{400, "InvalidArgument", "The form body is not valid percent-encoded text."};
        if (out.params.empty())
            out.params = std::move(*form);
        else
            out.params.merge(*form);  // nodes moved, not copied; a name in the query keeps the query's value
    }

    const auto param = [&](const char* name) -> std::optional<std::string> {
        const auto it = out.params.find(name);
        return it == out.params.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    // V3 signs in the Authorization header and names the operation in x-acs-* headers; V1 signs
    // among the parameters.
    const auto authorization = find_header(request.headers, "Authorization");
    const bool v3 = authorization && authorization->starts_with(acs3_algorithm);
    const auto header = [&](std::string_view name) -> std::optional<std::string> {
        if (auto v = find_header(request.headers, name)) return std::string(*v);
        return std::nullopt;
    };
    std::optional<std::string> action = v3 ? header("x-acs-action") : std::nullopt;
    std::optional<std::string> version = v3 ? header("x-acs-version") : std::nullopt;
    if (!action) action = param("Action");
    if (!version) version = param("Version");
    if (!action) return Refusal{400, "MissingRequiredParams", "The HTTP query 'Action' must be specified."};
    if (!served(*action))
        return Refusal{400, "ActionNotSupported",
                       "The requested API operation " + *action + " is incorrect. Please check."};
    if (!version) return Refusal{400, "MissingRequiredParams", "The HTTP query 'Version' must be specified."};
    if (*version != "2019-03-15")
        return Refusal{400, "APIVersionNotSupported",
                       "The requested API version " + *version + " is not supported yet. Please check."};

    auto verified = v3 ? verifier.verify_v3(request.method, request.target, request.headers, request.body, now)
                       : verifier.verify(request.method, out.params, now);
    if (auto* refusal = std::get_if<Refusal>(&verified)) return std::move(*refusal);
    // What is stored is answered later inside JSON text: a value that is not UTF-8 (a percent-encoded
    // byte such as %A7) is refused here, once for every parameter of every action.
    for (const auto& [name, value] : out.params)
        if (!is_valid_utf8(value))
            return Refusal{400, "InvalidArgument", "The parameter " + name + " is not valid UTF-8."};
    out.key = std::get<const AccessKey*>(verified);
    out.action = std::move(*action);
    return out;
}

}  // namespace cloudflow::local
