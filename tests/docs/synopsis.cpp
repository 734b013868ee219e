#include "synopsis.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace docs {
namespace {

bool word_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string without_comments(const std::string& code)
{
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (code.compare(i, 2, "//") == 0) {
            i = code.find('\n', i);
            if (i == std::string::npos) break;
            out += '\n';
        } else if (code.compare(i, 2, "/*") == 0) {
            i = code.find("*/", i + 2);
            if (i == std::string::npos) break;
            ++i;
            out += ' ';
        } else if (code[i] == '"') {
            // A string literal is kept as it is (a "//" inside it is no comment).
            const auto end = code.find('"', i + 1);
            out += code.substr(i, end == std::string::npos ? std::string::npos : end - i + 1);
            if (end == std::string::npos) break;
            i = end;
        } else {
            out += code[i];
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& text, const std::string& by)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (by.find(c) != std::string::npos) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

std::string restored(std::string text)
{
    for (auto at = text.find('\x01'); at != std::string::npos; at = text.find('\x01', at)) text.replace(at, 1, "{}");
    return text;
}

}  // namespace

std::string normalized(const std::string& code)
{
    std::string out;
    bool space = false;
    for (char c : without_comments(code)) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = true;
            continue;
        }
        // A space survives only between two word characters: "const char*p" and "const char* p" agree.
        if (space && !out.empty() && word_char(out.back()) && word_char(c)) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::vector<std::string> synopsis_problems(const std::filesystem::path& root, const Block& block)
{
    const auto where = block.file + ":" + std::to_string(block.line);
    std::vector<std::string> problems;
    std::string headers;
    for (const auto& name : split(label_value(block, "synopsis:"), ",")) {
        std::ifstream in(root / "include" / name, std::ios::binary);
        if (!in) {
            problems.push_back(where + ": the synopsis names include/" + name + ", which does not exist");
            continue;
        }
        std::ostringstream text;
        text << in.rdbuf();
        headers += normalized(text.str()) + '\n';
    }
    if (!problems.empty()) return problems;
    // An empty brace pair ("= {}", "Options{}") is a value, not a body: it is no place to cut.
    const auto whole = [](std::string text) {
        for (auto at = text.find("{}"); at != std::string::npos; at = text.find("{}", at)) text.replace(at, 2, "\x01");
        return text;
    };
    headers = whole(headers);
    for (const auto& declaration : split(whole(normalized(block.text)), ";{}")) {
        if (declaration.find_first_not_of(" ,") == std::string::npos) continue;
        if (headers.find(declaration) == std::string::npos)
            problems.push_back(where + ": `" + restored(declaration) + "` is not in " +
                               label_value(block, "synopsis:"));
    }
    return problems;
}

}  // namespace docs
