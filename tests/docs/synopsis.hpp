// A synopsis block restates declarations of a public header; this checks that it still does.
#pragma once

#include "markdown.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace docs {

// The text with comments removed and whitespace reduced to what separates two words, so that a
// declaration reads the same however it is wrapped: "Client(any_io_executor executor,ClientConfig c);".
std::string normalized(const std::string& code);

// The problems of one ```c++ synopsis:HEADER[,HEADER...] block: each declaration of the block (its
// text cut at `;`, `{` and `}`) must appear in one of the headers, under include/. Each problem
// names the block's file:line and the declaration.
std::vector<std::string> synopsis_problems(const std::filesystem::path& root, const Block& block);

}  // namespace docs
