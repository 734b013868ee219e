#include "examples.hpp"

#include <cctype>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace docs {
namespace {

std::string where(const Block& b)
{
    return b.file + ":" + std::to_string(b.line);
}

bool is_include(const std::string& line)
{
    const auto at = line.find_first_not_of(" \t");
    return at != std::string::npos && line.compare(at, 1, "#") == 0 &&
           line.find("include", at) == line.find_first_not_of(" \t", at + 1);
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string line_directive(const Block& b, int offset)
{
    // The block's first line is the one after the fence.
    return "#line " + std::to_string(b.line + 1 + offset) + " \"" + b.file + "\"\n";
}

// The block's #include lines, each with its own #line, for the top of the translation unit.
std::string includes(const Block& b)
{
    std::string out;
    const auto lines = lines_of(b.text);
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (is_include(lines[i])) out += line_directive(b, static_cast<int>(i)) + lines[i] + '\n';
    return out;
}

// The block without its #include lines (blank lines in their place, so the numbering holds).
std::string body(const Block& b)
{
    std::string out = line_directive(b, 0);
    for (const auto& l : lines_of(b.text)) out += (is_include(l) ? std::string() : l) + '\n';
    return out;
}

// A program's main becomes a function the test case calls: `int main(` is renamed and, as only main
// may end without a return, `return 0;` goes before the block's last brace (main must come last).
std::string program(const Block& b, std::string text, bool& with_arguments)
{
    const auto at = text.find("int main(");
    if (at == std::string::npos) throw std::runtime_error(where(b) + ": a program block has no `int main(`");
    if (text.find("int main(", at + 1) != std::string::npos)
        throw std::runtime_error(where(b) + ": a program block has two mains");
    with_arguments = text.compare(at + 9, 1, ")") != 0;
    const auto last = text.rfind('}');
    if (last == std::string::npos || last < at)
        throw std::runtime_error(where(b) + ": a program block must end with main");
    text.insert(last, "return 0; ");
    text.replace(at, 9, "int example_main(");
    return text;
}

// docs/api.md:71 -> docs_api_md_71: unique across the program's translation units.
std::string namespace_name(const Block& b)
{
    std::string name;
    for (char c : b.file) name += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
    return name + "_" + std::to_string(b.line);
}

}  // namespace

std::set<std::string> harness_names(const std::string& harness_text)
{
    std::set<std::string> out;
    const std::string key = "#define DOCS_BEGIN_";
    for (auto at = harness_text.find(key); at != std::string::npos; at = harness_text.find(key, at + 1)) {
        const auto start = at + key.size();
        const auto end = harness_text.find_first_of(" (\n", start);
        out.insert(harness_text.substr(start, end - start));
    }
    return out;
}

Examples examples_of(const Markdown& md, const std::set<std::string>& harnesses)
{
    Examples out;
    std::string head = "// Generated from " + md.file + ": its C++ examples. Edit the Markdown, not this file.\n";
    std::string top;   // every block's includes
    std::string code;  // every block's code, each in its own namespace
    for (const auto& b : md.blocks) {
        if (!is_cpp(b)) continue;
        const auto ns = namespace_name(b);
        const auto fragment = label_value(b, "fragment:");
        const auto file = label_value(b, "file:");
        if (!file.empty()) {
            if (file.find('/') != std::string::npos || file.starts_with("."))
                throw std::runtime_error(where(b) + ": a file block's name is a plain file name (got '" + file + "')");
            out.files.emplace_back(file, line_directive(b, 0) + b.text);
        } else if (has_label(b, "catch-main")) {
            // Catch2's main: first in the unit, before anything includes Catch2.
            head += body(b) + includes(b);
        } else if (has_label(b, "program")) {
            bool with_arguments = false;
            top += includes(b);
            code += "namespace " + ns + " {\n" + program(b, body(b), with_arguments) + "}\n";
            code += "TEST_CASE(\"" + where(b) + " (program)\")\n{\n";
            code += with_arguments ? "    REQUIRE(docs::run_main(" + ns + "::example_main) == 0);\n"
                                   : "    REQUIRE(" + ns + "::example_main() == 0);\n";
            code += "}\n";
        } else if (has_label(b, "test")) {
            top += includes(b);
            code += "namespace " + ns + " {\n" + body(b) + "}\n";
        } else if (!fragment.empty()) {
            if (!harnesses.contains(fragment))
                throw std::runtime_error(where(b) + ": no harness named '" + fragment +
                                         "' (tests/docs/harness.hpp defines DOCS_BEGIN_<name>)");
            top += includes(b);
            code +=
                "namespace " + ns + " {\nDOCS_BEGIN_" + fragment + "\n" + body(b) + "DOCS_END_" + fragment + "\n}\n";
        } else if (label_value(b, "synopsis:").empty()) {
            throw std::runtime_error(where(b) + ": a C++ block needs a label: program, test, catch-main, "
                                                "fragment:<harness>, synopsis:<header> or file:<name>");
        }
    }
    out.source = head + "#include \"harness.hpp\"\n" + top + "#line 1 \"" + md.file + " (generated)\"\n" + code;
    return out;
}

}  // namespace docs
