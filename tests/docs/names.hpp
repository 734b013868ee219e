// The names a Markdown file mentions (links and their anchors, headers, repository paths, CMake
// options, functions and targets, environment variables, C++ names, command-line flags), each
// checked to exist.
#pragma once

#include "markdown.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace docs {

// What the names are checked against: the repository's files (not its Markdown).
class Repository {
public:
    explicit Repository(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    bool exists(const std::string& relative) const;
    // Whether `word` occurs, as a whole word, in the code (CMake files, sources, headers, scripts).
    bool in_code(const std::string& word) const;
    // Whether `word` occurs as a whole word in include/.
    bool in_headers(const std::string& word) const;
    // Whether a command-line flag is one of cloudflow's or cloudflow-local's (their sources hold
    // "--flag") or one of the other tools the docs run (cmake, ctest, apt-get, ...).
    bool is_flag(const std::string& flag) const;

private:
    std::filesystem::path root_;
    std::string code_;
    std::string headers_;
    std::string tools_;  // the sources of the two command-line programs and the scripts
};

// The GitHub anchors of `md`'s headings ("## Clock skew correction" -> "clock-skew-correction").
std::vector<std::string> anchors(const Markdown& md);

// Each problem names file:line, the name and why.
std::vector<std::string> name_problems(const Repository& repo, const Markdown& md);

}  // namespace docs
