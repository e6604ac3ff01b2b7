#include "hdl/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace racklink::hdl {

std::string diag_id(Diag d) { return fmt::format("HDL-{:04d}", static_cast<int>(d)); }

Diagnostic& DiagnosticEngine::report(Diag code, SourceLoc loc, std::string message,
                                     Severity severity) {
    if (severity == Severity::error) ++error_reports_;
    // A loop can hit the same error at one place thousands of times: keep the first.
    if (loc.valid() && severity == Severity::error) {
        auto key = std::make_tuple(loc.file, loc.line, loc.col, static_cast<int>(code));
        if (!seen_.insert(key).second) {
            scratch_ = {code, severity, loc, std::move(message), {}};
            return scratch_;
        }
    }
    if (severity == Severity::error) ++errors_;
    if (severity == Severity::warning) ++warnings_;
    diags_.push_back({code, severity, loc, std::move(message), {}});
    return diags_.back();
}

namespace {
const char* severity_name(Severity s) {
    switch (s) {
        case Severity::note: return "note";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

void render_located(const SourceManager& sm, std::string& out, SourceLoc loc, Severity sev,
                    const std::string& message, const std::string& id) {
    if (loc.valid() && loc.file < sm.size()) {
        out += fmt::format("{}:{}:{}: {}: {}", sm.path(loc.file), loc.line, loc.col,
                           severity_name(sev), message);
    } else {
        out += fmt::format("<command line>: {}: {}", severity_name(sev), message);
    }
    if (!id.empty()) out += " [" + id + "]";
    out += '\n';
    if (!loc.valid() || loc.file >= sm.size()) return;
    std::string_view line = sm.line_text(loc.file, loc.line);
    out += "    ";
    out += line;
    out += "\n    ";
    // Keep tabs so the caret lines up under the column in a terminal.
    for (uint32_t i = 1; i < loc.col && i - 1 < line.size(); ++i) out += line[i - 1] == '\t' ? '\t' : ' ';
    out += "^\n";
}
}  // namespace

std::string DiagnosticEngine::render(const Diagnostic& d) const {
    std::string out;
    render_located(sm_, out, d.loc, d.severity, d.message, diag_id(d.code));
    for (const auto& [loc, msg] : d.notes) render_located(sm_, out, loc, Severity::note, msg, "");
    return out;
}

std::string DiagnosticEngine::render() const {
    std::string out;
    for (const auto& d : diags_) out += render(d);
    return out;
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::string nearest(std::string_view name, const std::vector<std::string>& candidates) {
    std::size_t best = std::string::npos;
    std::string best_name;
    for (const auto& c : candidates) {
        if (c == name) continue;
        std::size_t d = edit_distance(name, c);
        if (d < best || (d == best && c < best_name)) {
            best = d;
            best_name = c;
        }
    }
    std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
    return best <= limit ? best_name : std::string();
}

std::string with_suggestion(std::string message, std::string_view name,
                            const std::vector<std::string>& candidates) {
    std::string n = nearest(name, candidates);
    if (!n.empty()) message += fmt::format("; did you mean '{}'?", n);
    return message;
}

}  // namespace racklink::hdl
