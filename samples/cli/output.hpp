// What the CLI prints: responses as one JSON object on stdout, errors as one on stderr.
#pragma once

#include <cloudflow/cloudflow.hpp>
#include <cloudflow/to_json.hpp>

#include <boost/json/object.hpp>

namespace cloudflow::cli {

// A model or an answer as the CLI prints it: cloudflow::to_json's display style (every member,
// null when absent; Input, Output, EventDetail and Payload as the JSON they hold).
template <class T>
boost::json::object display(const T& value)
{
    return cloudflow::to_json(value, JsonStyle::display);
}

// {"RequestId": request_id} followed by `members`.
boost::json::object with_request_id(const std::string& request_id, const boost::json::object& members);
// Error, Description, HttpStatus, Code, Message, RequestId, Attempts (+ Cause, Field).
boost::json::object to_json(const Error& e);

// Prints `response` on stdout: exit status 0.
int print_success(const boost::json::object& response);
// Prints `error` on stderr: exit status 1.
int print_failure(const Error& error);

}  // namespace cloudflow::cli
