// The tests run coroutines with the public helper (cloudflow/testing/run.hpp).
#pragma once

#include <cloudflow/testing/run.hpp>

namespace cloudflow::test {

using cloudflow::testing::run;

}  // namespace cloudflow::test
