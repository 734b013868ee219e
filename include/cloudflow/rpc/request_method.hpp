/// @file
/// How a request's RPC parameters travel: a ground type every layer may use.
#pragma once

namespace cloudflow {

/// How the RPC parameters travel. POST (a form body) is what the official SDK sends.
enum class RequestMethod {
    post,  ///< the parameters in a form body (application/x-www-form-urlencoded)
    get    ///< the parameters in the query string
};

}  // namespace cloudflow
