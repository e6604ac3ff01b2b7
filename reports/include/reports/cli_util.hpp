#pragma once
/// Helpers shared by the racklink subcommands: `--set NAME=VALUE` options, loading a
/// description with its diagnostics printed to stderr, and writing output to stdout or,
/// atomically, to a file.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/model.hpp"

namespace CLI {
class App;
}

namespace racklink::reports {

/// Adds `--set NAME=VALUE` and `-I,--import-dir DIR` (both repeatable) to a subcommand; both
/// land in `sets` (import dirs as "-I" entries) so every command keeps one list.
void add_set_option(CLI::App* sub, std::vector<std::string>& sets);

/// Loads a description, printing its diagnostics to stderr. Returns nullopt (and sets
/// `exit_code` to 1) when it has errors; a malformed --set is a usage error (exit code 2).
std::optional<graphs::Model> load_model(const std::string& path,
                                        const std::vector<std::string>& sets, int& exit_code);

/// Writes `content` to stdout when `out_path` is empty or "-", else atomically to the file.
/// Returns false (message on stderr) when the file cannot be written.
bool emit(std::string_view content, const std::string& out_path);

}  // namespace racklink::reports
