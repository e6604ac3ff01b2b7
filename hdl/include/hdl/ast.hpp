#pragma once
/// The syntax tree of a .rack file (see docs/language.md for the grammar).

#include <memory>
#include <string>
#include <vector>

#include "hdl/lexer.hpp"

namespace racklink::hdl {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A named (or positional, with an empty name) argument: `awg = 26`.
struct Arg {
    std::string name;
    SourceLoc loc;
    ExprPtr value;
};

enum class ExprKind : uint8_t {
    number, string, boolean, auto_, ident, member, index, unary, binary, call, list, range
};

struct Expr {
    ExprKind kind = ExprKind::number;
    SourceLoc loc;
    double value = 0.0;       ///< number (SI) or boolean (0/1)
    Dim dim;                  ///< number
    std::string text;         ///< ident, string, member name, callee name
    Tok op = Tok::eof;        ///< unary/binary operator
    bool inclusive = false;   ///< range: a..b (true) or a..<b (false)
    ExprPtr lhs, rhs;         ///< member/index base + index; unary operand in lhs; binary; range
    std::vector<Arg> args;    ///< call arguments, list items (unnamed)
};

enum class StmtKind : uint8_t {
    assign,     ///< name = value                       (a parameter of the enclosing kind)
    param,      ///< param name = value                 (a new, overridable parameter)
    let,        ///< let name = value                   (a local constant)
    option,     ///< option name: "a" | "b" = "a"
    port,       ///< port name[count]: Profile x lanes [spare]
    instance,   ///< name[count]: Type(args) [at units(...)]
    route,      ///< route name = [seg(args), ...]
    connect,    ///< a -- route -- b
    for_,       ///< for v in range, w in range { body }
    if_,        ///< if cond { body } else { body }
    assert_,    ///< assert cond [, "message"]
};

struct Stmt {
    StmtKind kind = StmtKind::assign;
    SourceLoc loc;
    std::string name;             ///< assigned/declared/instance/port/route name
    SourceLoc name_loc;
    ExprPtr value;                ///< assign/param/let/option default; assert/if condition
    ExprPtr count;                ///< vector size for ports and instances (null: scalar)
    std::string type;             ///< instance type, port profile, connection route
    SourceLoc type_loc;
    ExprPtr lanes;                ///< port lanes per direction
    bool spare = false;           ///< port may stay unconnected
    std::vector<Arg> args;        ///< instance overrides; option choices; route segments (as calls)
    ExprPtr units;                ///< instance rack-unit positions (a `units(...)` call)
    ExprPtr a, b;                 ///< connection ends
    std::vector<std::pair<std::string, ExprPtr>> loops;  ///< for: variable and range
    std::vector<SourceLoc> loop_locs;
    std::vector<Stmt> body, else_body;
    std::string message;          ///< assert message
};

enum class DefKind : uint8_t { serdes, part, device, tray, rack, system };
const char* to_string(DefKind k);

struct Def {
    DefKind kind = DefKind::device;
    std::string name;
    SourceLoc loc;
    std::string subkind;          ///< part/device kind after ':' (gpu, twinax, repair, ...)
    SourceLoc subkind_loc;
    std::vector<Stmt> body;
};

struct Import {
    std::string path;
    SourceLoc loc;
};

struct FileAst {
    uint32_t file = 0;
    std::vector<Import> imports;
    std::vector<Stmt> globals;    ///< param, let and option statements at file scope
    std::vector<Def> defs;
};

/// Parses one file's tokens. Every error is reported; the parser recovers at the next statement.
FileAst parse(const SourceManager& sm, uint32_t file, const std::vector<Token>& tokens,
              DiagnosticEngine& diags);

}  // namespace racklink::hdl
