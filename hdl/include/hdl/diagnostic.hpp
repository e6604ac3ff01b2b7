#pragma once
/// Diagnostics are data: a stable code, a severity, a location, a message and notes. They are
/// rendered clang-style:
///
///     file:line:col: error: message [HDL-0012]
///         the source line
///             ^
///
/// Codes are declared once in the table in diagnostic.cpp (id, severity, summary).

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "hdl/source.hpp"

namespace racklink::hdl {

enum class Severity { note, warning, error };

/// Stable diagnostic ids. Never renumber; add new ones at the end.
enum class Diag : int {
    unexpected_char = 1,    ///< lexer: a character that starts no token
    unterminated_string,    ///< lexer
    unterminated_comment,   ///< lexer
    bad_number,             ///< lexer: malformed number
    unknown_unit,           ///< lexer: a unit that is not in the unit table
    expected,               ///< parser: expected X, found Y
    import_not_found,       ///< import: file not found
    import_cycle,           ///< import: a file imports itself
    duplicate_definition,   ///< two definitions with one name
    unknown_definition,     ///< a type name that is not defined
    unknown_parameter,      ///< a parameter the kind does not have
    dimension_mismatch,     ///< 10 mm where a frequency is expected, 1 m + 1 s, ...
    type_mismatch,          ///< a string where a number is expected, ...
    out_of_range,           ///< a value outside the parameter's range
    unknown_name,           ///< an identifier that names nothing in scope
    index_out_of_range,     ///< compute[18] of 18
    not_a_port,             ///< a connection end that is not a port
    profile_mismatch,       ///< connecting ports of different SerDes profiles
    lane_mismatch,          ///< connecting ports of different lane counts
    port_oversubscribed,    ///< a port connected twice
    port_unconnected,       ///< a port left unconnected and not declared spare
    unknown_route,          ///< a connection through an undefined route
    bad_segment,            ///< a route segment that is not a segment kind or part
    auto_length,            ///< length = auto without rack geometry
    assertion_failed,       ///< assert evaluated false
    bad_option_value,       ///< --set interconnect=cpp
    unknown_setting,        ///< --set of a name the description does not declare
    division_by_zero,       ///< an expression divides by zero
    no_top,                 ///< no system or rack to elaborate
    unit_positions,         ///< at units(...) does not match the instance count x height
    recursion,              ///< a definition that contains itself
    too_many_errors,        ///< the error limit was reached
    missing_parameter,      ///< a required parameter is missing
    duplicate_name,         ///< two members of one body with one name
    loop_too_large,         ///< a loop or vector beyond the size limit
};

struct Diagnostic {
    Diag code = Diag::expected;
    Severity severity = Severity::error;
    SourceLoc loc;
    std::string message;
    std::vector<std::pair<SourceLoc, std::string>> notes;
};

/// "HDL-0012"
std::string diag_id(Diag d);

/// Collects diagnostics and renders them.
class DiagnosticEngine {
public:
    explicit DiagnosticEngine(const SourceManager& sm) : sm_(sm) {}
    Diagnostic& report(Diag code, SourceLoc loc, std::string message,
                       Severity severity = Severity::error);
    int errors() const { return errors_; }
    /// Every error reported, including repeats at one location that are not kept.
    long error_reports() const { return error_reports_; }
    int warnings() const { return warnings_; }
    const std::vector<Diagnostic>& all() const { return diags_; }
    /// Renders every diagnostic in the order reported, with source lines and carets.
    std::string render() const;
    std::string render(const Diagnostic& d) const;
    void set_limit(int max_errors) { limit_ = max_errors; }
    bool at_limit() const { return limit_ > 0 && errors_ >= limit_; }

private:
    const SourceManager& sm_;
    std::vector<Diagnostic> diags_;
    std::set<std::tuple<uint32_t, uint32_t, uint32_t, int>> seen_;
    Diagnostic scratch_;  ///< receives notes of a suppressed duplicate
    int errors_ = 0;
    long error_reports_ = 0;
    int warnings_ = 0;
    int limit_ = 0;
};

/// "did you mean 'x'?" suggestion: the candidate nearest by edit distance, or empty when no
/// candidate is close enough (distance > max(1, len/3)).
std::string nearest(std::string_view name, const std::vector<std::string>& candidates);
/// `message` plus "; did you mean 'x'?" when a near candidate exists.
std::string with_suggestion(std::string message, std::string_view name,
                            const std::vector<std::string>& candidates);

}  // namespace racklink::hdl
