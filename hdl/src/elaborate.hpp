#pragma once
// Private: the elaborator entry point used by load.cpp.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graphs/model.hpp"
#include "hdl/ast.hpp"

namespace racklink::hdl {

/// Elaborates parsed files (imports first, main file last) into a model. Errors go to `diags`.
std::optional<graphs::Model> elaborate(const SourceManager& sm, DiagnosticEngine& diags,
                                       const std::vector<FileAst>& files, uint32_t main_file,
                                       const std::vector<std::pair<std::string, std::string>>& sets);

}  // namespace racklink::hdl
