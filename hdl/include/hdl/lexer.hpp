#pragma once
/// The .rack lexer: identifiers, numbers with units (converted to SI), strings, punctuation.
/// `//` and `/* */` comments; newlines are white space.

#include <string>
#include <vector>

#include "hdl/diagnostic.hpp"
#include "hdl/units.hpp"

namespace racklink::hdl {

enum class Tok : uint8_t {
    eof, ident, number, string,
    lbrace, rbrace, lbrack, rbrack, lparen, rparen,
    comma, colon, semi, dot, assign,
    eq, ne, lt, le, gt, ge,
    plus, minus, star, slash, percent,
    and_, or_, not_, pipe,
    range_incl,   // ..
    range_excl,   // ..<
    link,         // --
    error,
};

const char* to_string(Tok t);

struct Token {
    Tok kind = Tok::eof;
    uint32_t offset = 0;  ///< byte offset in the file
    uint32_t length = 0;
    std::string text;     ///< identifier name, string contents, or number spelling
    double value = 0.0;   ///< numbers: SI value
    Dim dim;              ///< numbers: dimension of the unit (dimensionless without one)
    bool has_unit = false;
};

/// Lexes a whole file. Errors are reported to `diags`; the offending characters are skipped.
std::vector<Token> lex(const SourceManager& sm, uint32_t file, DiagnosticEngine& diags);

}  // namespace racklink::hdl
