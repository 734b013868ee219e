#include "names.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace docs {
namespace fs = std::filesystem;
namespace {

std::string read(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool word_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool has_word(const std::string& text, const std::string& word)
{
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const bool left = at == 0 || !word_char(text[at - 1]);
        const bool right = at + word.size() >= text.size() || !word_char(text[at + word.size()]);
        if (left && right) return true;
    }
    return false;
}

// The files whose text counts as code: everything but Markdown, build trees, the checks of the
// docs themselves and test data.
std::string code_text(const fs::path& root, const std::vector<std::string>& tops)
{
    std::string out;
    for (const auto& top : tops) {
        const auto start = root / top;
        if (fs::is_regular_file(start)) {
            out += read(start) + '\n';
            continue;
        }
        if (!fs::is_directory(start)) continue;
        for (auto it = fs::recursive_directory_iterator(start); it != fs::recursive_directory_iterator(); ++it) {
            const auto rel = fs::relative(it->path(), root).generic_string();
            const auto name = it->path().filename().string();
            if (it->is_directory() && (name == "node_modules" || name.starts_with("build") || rel == "tests/docs" ||
                                       rel == "tests/fixtures")) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && it->path().extension() != ".md") out += read(it->path()) + '\n';
        }
    }
    return out;
}

// The Markdown with its fenced blocks blanked (lines kept), for the checks that read prose only.
std::string prose(const Markdown& md)
{
    std::istringstream in(md.text);
    std::string out;
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        const auto at = line.find_first_not_of(' ');
        const bool fence = at != std::string::npos && line.compare(at, 3, "```") == 0;
        if (fence) inside = !inside;
        out += (fence || inside) ? std::string() : line;
        out += '\n';
    }
    return out;
}

int line_of(const std::string& text, std::size_t offset)
{
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Calls `f(match, line)` for each match of `re` in `text`.
template <class F>
void each(const std::string& text, const std::regex& re, F f)
{
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        f(*it, line_of(text, static_cast<std::size_t>(it->position(0))));
}

// What a build writes, which the docs name: Doxygen's pages.
bool is_build_output(const std::string& path)
{
    return path.starts_with("docs/html/");
}

std::string slug(const std::string& heading)
{
    std::string out;
    for (char c : heading) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '_' || c == '-' || u >= 0x80)
            out += static_cast<char>(std::tolower(u));
        else if (c == ' ')
            out += '-';
    }
    return out;
}

// Other programs' flags that the docs use in their commands.
const std::set<std::string>& other_tools_flags()
{
    static const std::set<std::string> flags = {
        // cmake, ctest, cpack
        "--build", "--install", "--prefix", "--target", "--config", "--output-on-failure", "--test-dir", "--preset",
        "--parallel", "--label-regex", "--tests-regex", "--fresh",
        // apt-get, dpkg, npm, git, docker, node, curl, openssl
        "--no-install-recommends", "--yes", "--contents", "--info", "--save-dev", "--no-audit", "--no-fund", "--depth",
        "--rm", "--network", "--version", "--help", "--silent", "--show-error", "--fail", "--data", "--header",
        "--request", "--cacert", "--insecure", "--output", "--include",
        // python3 -m http.server
        "--bind", "--directory",
        // Google Benchmark, Catch2, sanitizers, compilers
        "--benchmark_filter", "--benchmark_repetitions", "--benchmark_min_time", "--benchmark_out",
        "--benchmark_out_format", "--reporter", "--list-tests", "--std",
        // pkg-config
        "--cflags", "--libs", "--modversion"};
    return flags;
}

}  // namespace

Repository::Repository(fs::path root)
    : root_(std::move(root)),
      code_(code_text(root_, {"CMakeLists.txt", "cmake", "include", "src", "emulator", "samples", "scripts", "tests",
                              "bench", ".ci", "Dockerfile", ".clang-tidy", ".clang-format"})),
      headers_(code_text(root_, {"include"})),
      tools_(code_text(root_, {"samples/cli", "emulator/src/main.cpp", "scripts", "bench", ".ci", "tests/conformance",
                               "tests/fixture", "tests/package"}))
{
}

bool Repository::exists(const std::string& relative) const
{
    return fs::exists(root_ / relative);
}

bool Repository::in_code(const std::string& word) const
{
    return has_word(code_, word);
}

bool Repository::in_headers(const std::string& word) const
{
    return has_word(headers_, word);
}

bool Repository::is_flag(const std::string& flag) const
{
    return other_tools_flags().contains(flag) || tools_.find("\"" + flag) != std::string::npos ||
           tools_.find(flag + " ") != std::string::npos || tools_.find(flag + "=") != std::string::npos;
}

std::vector<std::string> anchors(const Markdown& md)
{
    std::vector<std::string> out;
    std::map<std::string, int> seen;
    std::istringstream in(prose(md));
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("#")) continue;
        const auto text = line.substr(std::min(line.find_first_not_of('#'), line.size()));
        auto s = slug(text.substr(std::min(text.find_first_not_of(' '), text.size())));
        const int n = seen[s]++;
        out.push_back(n == 0 ? s : s + "-" + std::to_string(n));
    }
    return out;
}

std::vector<std::string> name_problems(const Repository& repo, const Markdown& md)
{
    std::vector<std::string> problems;
    const auto dir = fs::path(md.file).parent_path();
    auto problem = [&](int line, const std::string& what) {
        problems.push_back(md.file + ":" + std::to_string(line) + ": " + what);
    };

    // Links to files of the repository, and their anchors (in prose, not in `code`).
    static const std::regex link(R"(\]\(([^)\s]*)\))");
    static const std::regex code_span("`[^`\n]*`");
    const auto text = std::regex_replace(prose(md), code_span, "``");
    each(text, link, [&](const std::smatch& m, int line) {
        const std::string target = m[1];
        if (target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:")) return;
        const auto hash = target.find('#');
        const auto file = target.substr(0, hash);
        const auto path = file.empty() ? fs::path(md.file) : (dir / file).lexically_normal();
        if (!repo.exists(path.generic_string())) {
            problem(line, "the link " + target + " leads to " + path.generic_string() + ", which does not exist");
            return;
        }
        if (hash == std::string::npos || path.extension() != ".md") return;
        const auto anchor = target.substr(hash + 1);
        const auto all = anchors(read_markdown(repo.root(), path.generic_string()));
        if (std::find(all.begin(), all.end(), anchor) == all.end())
            problem(line, "the link " + target + " names no heading of " + path.generic_string());
    });

    // Paths of the repository, in prose and code alike.
    static const std::regex path(
        R"((^|[^\w/.-])((?:samples|docs|scripts|tests|bench|include|src|emulator|cmake|\.ci)/[\w./-]*[\w]))");
    each(md.text, path, [&](const std::smatch& m, int line) {
        const std::string p = m[2];
        if (!repo.exists(p) && !is_build_output(p)) problem(line, "the path " + p + " does not exist");
    });

    // Public headers, however they are written: <cloudflow/x.hpp>, cloudflow/x.hpp.
    static const std::regex header(R"((^|[^\w/])(cloudflow/[\w/]+\.hpp))");
    each(md.text, header, [&](const std::smatch& m, int line) {
        const std::string h = m[2];
        // A header CMake generates (version.hpp) comes from cmake/<name>.in.
        const bool generated = repo.exists("cmake/" + fs::path(h).filename().string() + ".in");
        if (!repo.exists("include/" + h) && !generated) problem(line, "the header <" + h + "> does not exist");
    });

    // CMake options and variables, environment variables.
    static const std::regex variable(R"(\b((?:CLOUDFLOW|ALIBABA_CLOUD)_[A-Z0-9_]*[A-Z0-9]))");
    each(md.text, variable, [&](const std::smatch& m, int line) {
        if (!repo.in_code(m[1])) problem(line, "the name " + m[1].str() + " is not in the code");
    });

    // CMake functions.
    static const std::regex function(R"(\b(cloudflow_[a-z0-9_]+)\s*\()");
    each(md.text, function, [&](const std::smatch& m, int line) {
        if (!repo.in_code(m[1])) problem(line, "the CMake function " + m[1].str() + " is not in the code");
    });

    // C++ names (and CMake targets, which share the namespace): the last component must exist.
    static const std::regex cpp(R"(\bcloudflow::(?:\w+::)*(\w+))");
    each(md.text, cpp, [&](const std::smatch& m, int line) {
        // cloudflow::test:: is the project's own test support (tests/support), not the library's.
        const bool test_support = m.str(0).starts_with("cloudflow::test::") && repo.in_code(m[1]);
        if (!repo.in_headers(m[1]) && !repo.in_code(m.str(0)) && !test_support)
            problem(line, "the name " + m.str(0) + " is not in the public headers");
    });

    // Command-line flags, in the docs of the two programs.
    if (md.file.ends_with("cli.md") || md.file.ends_with("emulator.md") || md.file.ends_with("README.md")) {
        static const std::regex flag(R"((^|[\s`(|])(--[a-z][a-z0-9-]*[a-z0-9]))");
        each(md.text, flag, [&](const std::smatch& m, int line) {
            if (!repo.is_flag(m[2])) problem(line, "the option " + m[2].str() + " is not one of the programs'");
        });
    }
    return problems;
}

}  // namespace docs
