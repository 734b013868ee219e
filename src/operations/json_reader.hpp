// Reading a service answer's JSON object into typed fields, one line per field. The first problem
// (a required member missing, a member of the wrong JSON type, a time that is not ISO 8601, a
// JSON-text member that is not JSON) is kept, and the reader's Error is then malformed_response
// naming the member, with the answer's RequestId. Later reads after a problem do nothing.
#pragma once

#include <cloudflow/error.hpp>
#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/result.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::detail {

// `body` parsed as a JSON object, at most `max_depth` deep; malformed_response otherwise.
Result<boost::json::value> parse_json_object(std::string_view body, std::size_t max_depth);

class JsonReader {
public:
    // `object` must outlive the reader. `max_depth` bounds the JSON-text members it parses.
    JsonReader(const boost::json::object& object, std::size_t max_depth);

    // A string member that must be present (it may be empty).
    void required(std::string_view key, std::string& out);
    // A string member that may be absent or null; an empty string counts as absent.
    void optional(std::string_view key, std::optional<std::string>& out);
    // Required: the status text, kept, and the enum it names (unknown for a new status).
    void status(std::string_view key, ExecutionStatus& status, std::string& text);
    // Optional: a string member holding JSON text (Input, Output), parsed.
    void json_text(std::string_view key, std::optional<boost::json::value>& out);
    // Optional: a string member holding an ISO 8601 time.
    void time(std::string_view key, std::optional<Timestamp>& out);

    const std::string& request_id() const noexcept { return request_id_; }
    bool ok() const noexcept { return !error_; }
    // The first problem, or nullopt.
    const std::optional<Error>& error() const noexcept { return error_; }

private:
    // The member's string, nullptr when absent or null; a mistyped member is a problem.
    const boost::json::string* string_member(std::string_view key);
    void fail(std::string message);

    const boost::json::object& object_;
    std::size_t max_depth_;
    std::string request_id_;
    std::optional<Error> error_;
};

}  // namespace cloudflow::detail
