#pragma once
/// Loading a .rack description: lex, parse, elaborate into an immutable graphs::Model.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphs/model.hpp"

namespace racklink::hdl {

/// Options for loading a description.
struct LoadOptions {
    /// `--set NAME=VALUE` overrides of top-level parameters and options (VALUE in .rack syntax,
    /// e.g. "cpo", "0.8 m").
    std::vector<std::pair<std::string, std::string>> set;
    /// Extra directories searched by `import` after the importing file's own directory
    /// (the standard library directory hdl/lib is always searched last).
    std::vector<std::string> import_dirs;
    /// Stop after this many errors (0 = no limit).
    int max_errors = 100;
};

/// The outcome of loading: a model when there were no errors, and every diagnostic rendered
/// clang-style (`file:line:col: error: message [HDL-0012]`, source line, caret).
struct LoadResult {
    std::optional<graphs::Model> model;
    std::string diagnostics;  ///< rendered diagnostics (errors, warnings, notes), may be empty
    int errors = 0;
    int warnings = 0;
    bool ok() const { return model.has_value() && errors == 0; }
};

/// Loads a description from a file.
LoadResult load_file(const std::string& path, const LoadOptions& options = {});
/// Loads a description from text; `name` is used in diagnostics and for relative imports.
LoadResult load_string(std::string_view text, const std::string& name,
                       const LoadOptions& options = {});

}  // namespace racklink::hdl
