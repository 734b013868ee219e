// Text -> a validated Spec v1 definition, or every problem found, each naming its path, its field
// and the rule: `States[1] (Charge).Retry[0].IntervalSeconds: must be 1-86400 (got 0)`.
//
// The legacy FDL (`type: flow` with `steps`) is recognised and not validated: cloudflow-local
// stores it and refuses to start it. Any other document is a problem.
#pragma once

#include "flow/definition.hpp"
#include "lang/document.hpp"
#include "lang/problem.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::local::flow {

enum class Language { spec_v1, legacy_fdl };

// Checks a Task's literal Parameters for its Action (the integrations know their parameters);
// the Problem's where is inside Parameters ("url").
using ParameterCheck = std::function<Checked<void>(std::string_view action, const boost::json::value& parameters)>;

struct DefinitionLimits {
    DocumentLimits document{};
    std::size_t max_states = 1'000;   // in every scope together
    std::size_t max_scope_depth = 8;  // Parallel branches and Map processors inside each other
    std::size_t max_branches = 50;    // a Parallel's (the service's limit)
    std::size_t max_choice_branches = 100;
    std::size_t max_rules = 20;     // a state's Retry or Catch rules
    std::size_t max_problems = 50;  // reported; the rest are counted
    expr::Limits expressions{};
    ParameterCheck check_parameters{};  // none: Parameters are checked at run time only
};

struct ReadDefinition {
    Language language = Language::spec_v1;
    std::shared_ptr<const Definition> definition;  // Spec v1 and valid
    std::vector<Problem> problems;                 // at most max_problems
    std::size_t more_problems = 0;                 // found beyond those

    bool valid() const { return definition != nullptr; }
    // The first problem, and how many more: "States[0] (A).Next: names no state of its States (got B) (and 2
    // more problems)".
    std::string summary() const;
};

// Reads `text` (YAML or JSON, within limits.document) and validates it for a flow of `mode`.
ReadDefinition read_definition(std::string_view text, FlowMode mode, const DefinitionLimits& limits = {});

// Validates a document already read.
ReadDefinition validate_definition(const boost::json::value& document, FlowMode mode,
                                   const DefinitionLimits& limits = {});

}  // namespace cloudflow::local::flow
