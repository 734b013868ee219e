// The fenced code blocks of a Markdown file, as the documentation checks read them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace docs {

// One fenced block: ```c++ program, ```c++ fragment:coroutine, ```c++ synopsis:cloudflow/client.hpp.
struct Block {
    std::string file;                 // as given, e.g. "docs/api.md"
    int line = 0;                     // the opening fence's line, from 1
    std::string language;             // the info string's first word ("c++", "cmake", "" ...)
    std::vector<std::string> labels;  // its other words
    std::string text;                 // the lines between the fences, the fence's indent removed
};

struct Markdown {
    std::string file;
    std::string text;           // the whole file
    std::vector<Block> blocks;  // in order
};

// Reads `root / file`; throws std::runtime_error naming the file on an unreadable file or an
// unclosed fence.
Markdown read_markdown(const std::filesystem::path& root, const std::string& file);

// The label of `block` that starts with `prefix` ("fragment:" -> "coroutine"), or "" when none.
std::string label_value(const Block& block, const std::string& prefix);
bool has_label(const Block& block, const std::string& label);

bool is_cpp(const Block& block);

}  // namespace docs
