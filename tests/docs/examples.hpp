// The C++ examples of a Markdown file as one translation unit of Catch2 test cases.
//
// Each ```c++ block carries one label saying what it is:
//   program            a whole program: built, and run by a test case that expects main to return 0
//   test               Catch2 test cases: built and run as they are
//   catch-main         Catch2's main (CATCH_CONFIG_MAIN): the examples program's own main
//   fragment:NAME      statements or declarations: compiled inside the harness NAME (harness.hpp)
//   synopsis:HEADER    declarations that restate HEADER: checked against it (synopsis.hpp), not compiled
//   file:NAME          a file that other blocks include ("shipping.hpp"): written as it is
// Every block's code keeps its place in the Markdown file (#line), so a compiler's error names the
// documentation's file and line.
#pragma once

#include "markdown.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace docs {

struct Examples {
    std::string source;                                      // the translation unit
    std::vector<std::pair<std::string, std::string>> files;  // each file:NAME block: its name, its text
};

// The examples of `md`. `harnesses` are the fragment harnesses harness.hpp defines. Throws
// std::runtime_error naming the block (file:line) for a block without a known label.
Examples examples_of(const Markdown& md, const std::set<std::string>& harnesses);

// The harness names defined in harness.hpp's text: each `#define DOCS_BEGIN_<name>`.
std::set<std::string> harness_names(const std::string& harness_text);

}  // namespace docs
