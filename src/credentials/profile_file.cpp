#include "credentials/profile_file.hpp"
#include "util/env.hpp"
#include "util/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <fstream>
#include <sstream>

namespace cloudflow::detail {

Error credentials_unavailable(std::string why)
{
    return make_error(errc::credentials_unavailable, std::move(why));
}

Result<ProfileSettings> read_ini_profile(std::string_view ini_text, std::string_view profile, std::string_view where)
{
    boost::property_tree::ptree ini;
    try {
        std::istringstream in{std::string(ini_text)};
        boost::property_tree::read_ini(in, ini);
    } catch (const boost::property_tree::ini_parser_error& e) {
        return credentials_unavailable(std::string(where) + " is not a valid INI file (line " +
                                       std::to_string(e.line()) + ")");
    }
    // get_child_optional would read dots in the name as a path: look the section up by its name.
    const auto section = ini.find(std::string(profile));
    if (section == ini.not_found())
        return credentials_unavailable(std::string(where) + " has no profile [" + std::string(profile) + "]");
    const auto field = [&](const char* key) { return section->second.get<std::string>(key, ""); };
    ProfileSettings out;
    out.name = profile;
    out.kind = field("type");
    out.access_key_id = field("access_key_id");
    out.access_key_secret = field("access_key_secret");
    out.role_arn = field("role_arn");
    out.role_session_name = field("role_session_name");
    out.policy = field("policy");
    out.external_id = field("external_id");
    out.duration_seconds = field("duration_seconds");
    out.role_name = field("role_name");
    return out;
}

Result<ProfileSettings> read_cli_profile(std::string_view json_text, std::string_view profile, std::string_view where)
{
    boost::system::error_code ec;
    const auto json = boost::json::parse(json_text, ec);
    const auto* root = ec ? nullptr : json.if_object();
    if (!root) return credentials_unavailable(std::string(where) + " is not JSON");
    const std::string name = profile.empty() ? string_or_empty(*root, "current") : std::string(profile);
    const auto* profiles = root->if_contains("profiles");
    if (profiles && profiles->is_array())
        for (const auto& p : profiles->get_array()) {
            const auto* entry = p.if_object();
            if (!entry || string_or_empty(*entry, "name") != name) continue;
            ProfileSettings out;
            out.name = name;
            out.kind = string_or_empty(*entry, "mode");
            out.access_key_id = string_or_empty(*entry, "access_key_id");
            out.access_key_secret = string_or_empty(*entry, "access_key_secret");
            if (out.kind == "StsToken" && !string_or_empty(*entry, "sts_token").empty())
                out.security_token = string_or_empty(*entry, "sts_token");
            out.role_name = string_or_empty(*entry, "ram_role_name");
            out.region_id = string_or_empty(*entry, "region_id");
            out.role_arn = string_or_empty(*entry, "ram_role_arn");
            out.role_session_name = string_or_empty(*entry, "ram_session_name");
            out.policy = string_or_empty(*entry, "policy");
            out.external_id = string_or_empty(*entry, "external_id");
            if (const auto* seconds = entry->if_contains("expired_seconds"); seconds && seconds->is_int64())
                out.duration_seconds = std::to_string(seconds->get_int64());
            else
                out.duration_seconds = string_or_empty(*entry, "expired_seconds");
            out.source_profile = string_or_empty(*entry, "source_profile");
            return out;
        }
    return credentials_unavailable(std::string(where) + " has no profile '" + name + "'");
}

std::string cli_config_file(std::string file)
{
    const std::string home = environment_or_empty("HOME");
    if (file.empty() && !home.empty()) file = home + "/.aliyun/config.json";
    return file;
}

Result<std::string> read_cli_config(const std::string& file, std::string_view where)
{
    std::ifstream in(file);
    if (!in) return credentials_unavailable(std::string(where) + " does not exist");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string cli_profile_name(std::string profile)
{
    if (profile.empty()) profile = environment_or_empty("ALIBABA_CLOUD_PROFILE");
    return profile;
}

}  // namespace cloudflow::detail
