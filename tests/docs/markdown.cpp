#include "markdown.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace docs {
namespace {

std::vector<std::string> words(const std::string& text)
{
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// A fence is three or more backticks after at most some indentation (a fence inside a list item).
// Returns the indent and the info string, or nothing.
bool fence(const std::string& line, std::size_t& indent, std::string& info)
{
    indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line.compare(indent, 3, "```") != 0) return false;
    const auto after = line.find_first_not_of('`', indent);
    info = after == std::string::npos ? std::string() : line.substr(after);
    return true;
}

}  // namespace

Markdown read_markdown(const std::filesystem::path& root, const std::string& file)
{
    std::ifstream in(root / file, std::ios::binary);
    if (!in) throw std::runtime_error(file + ": cannot be read");
    std::ostringstream all;
    all << in.rdbuf();

    Markdown md{file, all.str(), {}};
    std::istringstream lines(md.text);
    std::string line;
    int number = 0;
    Block* open = nullptr;
    std::size_t open_indent = 0;
    while (std::getline(lines, line)) {
        ++number;
        std::size_t indent = 0;
        std::string info;
        const bool is_fence = fence(line, indent, info);
        if (open == nullptr) {
            if (!is_fence) continue;
            auto w = words(info);
            Block b{file, number, w.empty() ? "" : w.front(), {}, {}};
            if (!w.empty()) b.labels.assign(w.begin() + 1, w.end());
            md.blocks.push_back(std::move(b));
            open = &md.blocks.back();
            open_indent = indent;
        } else if (is_fence && info.find_first_not_of(' ') == std::string::npos) {
            open = nullptr;
        } else {
            // Content lines lose the fence's indent (or as much of it as they have).
            const auto strip =
                std::min(open_indent,
                         line.find_first_not_of(' ') == std::string::npos ? line.size() : line.find_first_not_of(' '));
            open->text += line.substr(strip);
            open->text += '\n';
        }
    }
    if (open != nullptr)
        throw std::runtime_error(file + ":" + std::to_string(open->line) + ": the fence is never closed");
    return md;
}

std::string label_value(const Block& block, const std::string& prefix)
{
    for (const auto& l : block.labels)
        if (l.starts_with(prefix)) return l.substr(prefix.size());
    return {};
}

bool has_label(const Block& block, const std::string& label)
{
    return std::find(block.labels.begin(), block.labels.end(), label) != block.labels.end();
}

bool is_cpp(const Block& block)
{
    return block.language == "c++" || block.language == "cpp" || block.language == "cxx";
}

}  // namespace docs
