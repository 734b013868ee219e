/// @file
/// Result<T>: the value of a call or the Error that ended it.
#pragma once

#include <cloudflow/error.hpp>

#include <boost/system/result.hpp>

namespace cloudflow {

/// The value of a call, or the Error that ended it: a boost::system::result.
template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace cloudflow
