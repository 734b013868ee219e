// The golden bodies of tests/fixtures/fnf/<Action>.json.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cloudflow::test {

inline std::string fnf_fixture(std::string_view action)
{
    std::string path = CLOUDFLOW_FIXTURES_DIR;
    path += '/';
    path += action;
    path += ".json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace cloudflow::test
