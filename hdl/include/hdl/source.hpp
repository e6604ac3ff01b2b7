#pragma once
/// Source files of a description and the locations inside them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/model.hpp"

namespace racklink::hdl {

using graphs::SourceLoc;

/// Holds the text of every file read (the main file and its imports) and maps byte offsets to
/// line/column. File ids are shared with graphs::Model::files().
class SourceManager {
public:
    /// Adds a file's text; returns its id.
    uint32_t add(std::string path, std::string text);
    const std::string& path(uint32_t file) const { return files_.at(file).path; }
    const std::string& text(uint32_t file) const { return files_.at(file).text; }
    std::size_t size() const { return files_.size(); }
    /// The location of a byte offset (1-based line and column).
    SourceLoc loc(uint32_t file, std::size_t offset) const;
    /// The text of a 1-based line, without its newline.
    std::string_view line_text(uint32_t file, uint32_t line) const;

private:
    struct File {
        std::string path;
        std::string text;
        std::vector<std::size_t> line_starts;
    };
    std::vector<File> files_;
};

}  // namespace racklink::hdl
