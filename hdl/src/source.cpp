#include "hdl/source.hpp"

#include <algorithm>

namespace racklink::hdl {

uint32_t SourceManager::add(std::string path, std::string text) {
    File f{std::move(path), std::move(text), {0}};
    for (std::size_t i = 0; i < f.text.size(); ++i)
        if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
    files_.push_back(std::move(f));
    return static_cast<uint32_t>(files_.size() - 1);
}

SourceLoc SourceManager::loc(uint32_t file, std::size_t offset) const {
    const auto& starts = files_.at(file).line_starts;
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    auto line = static_cast<uint32_t>(it - starts.begin());  // 1-based
    auto col = static_cast<uint32_t>(offset - starts[line - 1] + 1);
    return {file, line, col};
}

std::string_view SourceManager::line_text(uint32_t file, uint32_t line) const {
    const File& f = files_.at(file);
    if (line == 0 || line > f.line_starts.size()) return {};
    std::size_t b = f.line_starts[line - 1];
    std::size_t e = line < f.line_starts.size() ? f.line_starts[line] : f.text.size();
    std::string_view s(f.text.data() + b, e - b);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace racklink::hdl
