// YAML or JSON text -> a JSON value, under bounds checked before and while it is read: the
// definitions of flows, the config file and the mock file all come through here.
//
// - JSON text (its first non-blank character is '{' or '[') is read as JSON, exactly.
// - Anything else is YAML 1.2 with the core schema, through libyaml's event parser: plain
//   scalars null (~, null, Null, NULL, empty), true/false (also True, TRUE, ...), integers
//   (decimal, 0o octal, 0x hex), floats (1.5, 1e3, .5); anything else, and every quoted scalar,
//   is a string. Standard tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) are honoured,
//   others refused. .inf and .nan are refused (JSON has no such numbers).
// - Mapping keys must be scalars and unique; one document per text.
// - Anchors and aliases are allowed; every node an alias repeats counts against max_nodes, so
//   a "billion laughs" text is refused after max_nodes nodes, in milliseconds.
#pragma once

#include "lang/problem.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>

namespace cloudflow::local {

struct DocumentLimits {
    std::size_t max_bytes = std::size_t{128} * 1024;  // the text (the service's definition limit)
    std::size_t max_depth = 64;                       // mappings and sequences inside each other
    std::size_t max_nodes = 100'000;                  // scalars, mappings and sequences, aliases expanded
};

// The document's value. A Problem's `where` is "line L, column C" (from 1) when the text has a
// position for it, and its `what` says which bound or rule was broken.
Checked<boost::json::value> read_document(std::string_view text, const DocumentLimits& limits = {});

}  // namespace cloudflow::local
