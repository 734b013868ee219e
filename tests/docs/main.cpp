// docs_check: the checks of the documentation.
//   docs_check extract ROOT HARNESS OUT FILE.md   writes FILE.md's C++ examples as one translation unit
//   docs_check names ROOT FILE.md...              checks the names, links and synopses the files hold
// Paths of Markdown files are relative to ROOT, the repository. Exit status 1 on any problem, each
// printed as file:line: what.
#include "examples.hpp"
#include "names.hpp"
#include "synopsis.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace {

// Written only when it changes, so that an edit of the prose rebuilds nothing.
void write_if_changed(const std::filesystem::path& path, const std::string& content)
{
    std::ifstream old(path, std::ios::binary);
    std::ostringstream before;
    before << old.rdbuf();
    if (before.str() != content) std::ofstream(path, std::ios::binary) << content;
}

int extract(const std::filesystem::path& root, const std::filesystem::path& harness, const std::filesystem::path& out,
            const std::string& file)
{
    std::ifstream h(harness, std::ios::binary);
    std::ostringstream text;
    text << h.rdbuf();
    const auto examples = docs::examples_of(docs::read_markdown(root, file), docs::harness_names(text.str()));
    write_if_changed(out, examples.source);
    for (const auto& [name, content] : examples.files) write_if_changed(out.parent_path() / name, content);
    return 0;
}

int names(const std::filesystem::path& root, const std::vector<std::string>& files)
{
    const docs::Repository repo(root);
    int problems = 0;
    for (const auto& file : files) {
        const auto md = docs::read_markdown(root, file);
        auto found = docs::name_problems(repo, md);
        for (const auto& b : md.blocks)
            if (docs::is_cpp(b) && !docs::label_value(b, "synopsis:").empty())
                for (auto& p : docs::synopsis_problems(root, b)) found.push_back(std::move(p));
        for (const auto& p : found) std::cout << p << '\n';
        problems += static_cast<int>(found.size());
    }
    std::cout << files.size() << " files, " << problems << " problems\n";
    return problems == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 5 && args[0] == "extract") return extract(args[1], args[2], args[3], args[4]);
        if (args.size() >= 3 && args[0] == "names") return names(args[1], {args.begin() + 2, args.end()});
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    std::cerr << "usage: docs_check extract ROOT HARNESS OUT FILE.md | docs_check names ROOT FILE.md...\n";
    return 2;
}
