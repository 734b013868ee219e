// How Catch prints a Result: the value's presence or the Error's description.
#pragma once

#include <cloudflow/result.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace Catch {

template <class T>
struct StringMaker<boost::system::result<T, cloudflow::Error>> {
    static std::string convert(const boost::system::result<T, cloudflow::Error>& r)
    {
        return r ? std::string("a value") : "an error: " + r.error().to_string();
    }
};

}  // namespace Catch
