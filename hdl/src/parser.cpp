#include <fmt/format.h>

#include "hdl/ast.hpp"

namespace racklink::hdl {

const char* to_string(DefKind k) {
    switch (k) {
        case DefKind::serdes: return "serdes";
        case DefKind::part: return "part";
        case DefKind::device: return "device";
        case DefKind::tray: return "tray";
        case DefKind::rack: return "rack";
        case DefKind::system: return "system";
    }
    return "?";
}

namespace {

struct SyntaxError {};

class Parser {
public:
    Parser(const SourceManager& sm, uint32_t file, const std::vector<Token>& toks,
           DiagnosticEngine& diags)
        : sm_(sm), file_(file), t_(toks), diags_(diags) {}

    FileAst run() {
        FileAst f;
        f.file = file_;
        while (!at(Tok::eof) && !diags_.at_limit()) {
            std::size_t start = i_;
            try {
                top_level(f);
            } catch (const SyntaxError&) {
                recover(start, 0);
            }
        }
        return f;
    }

private:
    // ---- token access ------------------------------------------------------------------
    const Token& cur() const { return t_[i_]; }
    const Token& peek(std::size_t n = 1) const {
        return t_[std::min(i_ + n, t_.size() - 1)];
    }
    bool at(Tok k) const { return cur().kind == k; }
    bool at_kw(const char* kw) const { return at(Tok::ident) && cur().text == kw; }
    SourceLoc loc() const { return sm_.loc(file_, cur().offset); }
    SourceLoc loc_of(const Token& t) const { return sm_.loc(file_, t.offset); }
    const Token& advance() {
        const Token& t = t_[i_];
        if (i_ + 1 < t_.size()) ++i_;
        return t;
    }
    bool accept(Tok k) {
        if (!at(k)) return false;
        advance();
        return true;
    }
    std::string describe(const Token& t) const {
        switch (t.kind) {
            case Tok::ident: return fmt::format("'{}'", t.text);
            case Tok::number: return fmt::format("number '{}'", t.text);
            case Tok::string: return fmt::format("string \"{}\"", t.text);
            default: return to_string(t.kind);
        }
    }
    [[noreturn]] void fail(const std::string& what) {
        diags_.report(Diag::expected, loc(), fmt::format("expected {}, found {}", what, describe(cur())));
        throw SyntaxError{};
    }
    const Token& expect(Tok k, const char* what = nullptr) {
        if (!at(k)) fail(what ? what : to_string(k));
        return advance();
    }
    std::string expect_ident(const char* what) {
        if (!at(Tok::ident)) fail(what);
        return advance().text;
    }
    /// Statement keywords. Definition keywords (serdes, part, device, tray, rack, system) are
    /// keywords only at file scope, so `rack[2]: NVL72` is an ordinary instance.
    bool is_keyword(const std::string& s) const {
        static const char* kws[] = {"import", "param", "let", "option", "port", "route",
                                    "for",    "if",    "else", "assert", "in"};
        for (const char* k : kws)
            if (s == k) return true;
        return false;
    }

    /// Skips to the start of the next statement: a token on a later line than the error at the
    /// same brace depth, or the closing brace of the enclosing block (not consumed).
    void recover(std::size_t start, int) {
        if (i_ == start) advance();
        uint32_t err_line = loc().line;
        int depth = 0;
        while (!at(Tok::eof)) {
            if (at(Tok::lbrace)) ++depth;
            if (at(Tok::rbrace)) {
                if (depth == 0) return;
                --depth;
                advance();
                if (depth == 0 && loc().line > err_line) return;
                continue;
            }
            if (depth == 0 && loc().line > err_line && at(Tok::ident)) return;
            advance();
        }
    }

    // ---- file level --------------------------------------------------------------------
    void top_level(FileAst& f) {
        if (accept(Tok::semi)) return;
        if (at_kw("import")) {
            SourceLoc l = loc();
            advance();
            const Token& s = expect(Tok::string, "a quoted file name after 'import'");
            f.imports.push_back({s.text, l});
            return;
        }
        if (at_kw("param") || at_kw("let") || at_kw("option")) {
            f.globals.push_back(statement());
            return;
        }
        static const std::pair<const char*, DefKind> kinds[] = {
            {"serdes", DefKind::serdes}, {"part", DefKind::part}, {"device", DefKind::device},
            {"tray", DefKind::tray},     {"rack", DefKind::rack}, {"system", DefKind::system}};
        for (const auto& [kw, k] : kinds) {
            if (at_kw(kw)) {
                f.defs.push_back(definition(k));
                return;
            }
        }
        fail("a definition (serdes, part, device, tray, rack, system), 'import', 'param', "
             "'let' or 'option'");
    }

    Def definition(DefKind k) {
        Def d;
        d.kind = k;
        d.loc = loc();
        advance();
        d.name = expect_ident("a definition name");
        if (k == DefKind::part || k == DefKind::device) {
            expect(Tok::colon, "':' and a kind (e.g. 'device B200 : gpu')");
            d.subkind_loc = loc();
            d.subkind = expect_ident("a kind");
        }
        d.body = block();
        return d;
    }

    std::vector<Stmt> block() {
        DepthGuard g(*this);
        expect(Tok::lbrace);
        std::vector<Stmt> body;
        while (!at(Tok::rbrace) && !at(Tok::eof) && !diags_.at_limit()) {
            if (accept(Tok::semi)) continue;
            std::size_t start = i_;
            try {
                body.push_back(statement());
            } catch (const SyntaxError&) {
                recover(start, 0);
            }
        }
        expect(Tok::rbrace, "'}'");
        return body;
    }

    // ---- statements --------------------------------------------------------------------
    Stmt statement() {
        Stmt s;
        s.loc = loc();
        if (at_kw("param") || at_kw("let")) {
            s.kind = cur().text == "param" ? StmtKind::param : StmtKind::let;
            advance();
            s.name_loc = loc();
            s.name = expect_ident("a name");
            expect(Tok::assign, "'='");
            s.value = expr();
            return s;
        }
        if (at_kw("option")) {
            s.kind = StmtKind::option;
            advance();
            s.name_loc = loc();
            s.name = expect_ident("an option name");
            expect(Tok::colon, "':' and the choices (option name: \"a\" | \"b\" = \"a\")");
            do {
                Arg a;
                a.loc = loc();
                a.name = expect(Tok::string, "a quoted choice").text;
                s.args.push_back(std::move(a));
            } while (accept(Tok::pipe));
            expect(Tok::assign, "'=' and the default choice");
            s.value = expr();
            return s;
        }
        if (at_kw("port")) {
            s.kind = StmtKind::port;
            advance();
            s.name_loc = loc();
            s.name = expect_ident("a port name");
            if (accept(Tok::lbrack)) {
                s.count = expr();
                expect(Tok::rbrack);
            }
            expect(Tok::colon, "':' and a SerDes profile");
            s.type_loc = loc();
            s.type = expect_ident("a SerDes profile name");
            if (!(at_kw("x"))) fail("'x' and the lanes per direction (e.g. 'NVLink5 x 2')");
            advance();
            s.lanes = unary();
            if (at_kw("spare")) {
                advance();
                s.spare = true;
            }
            return s;
        }
        if (at_kw("route")) {
            s.kind = StmtKind::route;
            advance();
            s.name_loc = loc();
            s.name = expect_ident("a route name");
            expect(Tok::assign, "'='");
            expect(Tok::lbrack, "'[' and the route's segments");
            if (!at(Tok::rbrack)) {
                do {
                    Arg seg;
                    seg.loc = loc();
                    seg.name = expect_ident("a segment (a part name or a segment kind)");
                    seg.value = std::make_unique<Expr>();
                    seg.value->kind = ExprKind::call;
                    seg.value->loc = seg.loc;
                    seg.value->text = seg.name;
                    if (at(Tok::lparen)) seg.value->args = call_args();
                    s.args.push_back(std::move(seg));
                } while (accept(Tok::comma));
            }
            expect(Tok::rbrack, "',' or ']'");
            return s;
        }
        if (at_kw("for")) {
            s.kind = StmtKind::for_;
            advance();
            do {
                s.loop_locs.push_back(loc());
                std::string v = expect_ident("a loop variable");
                if (!at_kw("in")) fail("'in'");
                advance();
                s.loops.emplace_back(v, expr());
            } while (accept(Tok::comma));
            s.body = block();
            return s;
        }
        if (at_kw("if")) return if_stmt();
        if (at_kw("assert")) {
            s.kind = StmtKind::assert_;
            advance();
            s.value = expr();
            if (accept(Tok::comma)) s.message = expect(Tok::string, "a quoted message").text;
            return s;
        }
        if (at(Tok::ident) && is_keyword(cur().text) && cur().text != "in")
            fail(fmt::format("a statement ('{}' is not allowed here)", cur().text));
        if (!at(Tok::ident)) fail("a statement");
        // name = value | name[count]: Type ... | path -- route -- path
        if (peek().kind == Tok::assign) {
            s.kind = StmtKind::assign;
            s.name_loc = loc();
            s.name = advance().text;
            advance();
            s.value = expr();
            return s;
        }
        ExprPtr head = postfix();
        if (at(Tok::colon)) return instance(std::move(s), std::move(head));
        if (at(Tok::link)) {
            s.kind = StmtKind::connect;
            advance();
            s.type_loc = loc();
            s.type = expect_ident("a route name between '--' and '--'");
            expect(Tok::link, "'--' after the route name");
            s.a = std::move(head);
            s.b = postfix();
            return s;
        }
        fail("'=', ':' (an instance) or '--' (a connection)");
    }

    Stmt if_stmt() {
        Stmt s;
        s.kind = StmtKind::if_;
        s.loc = loc();
        advance();
        s.value = expr();
        s.body = block();
        if (at_kw("else")) {
            advance();
            if (at_kw("if"))
                s.else_body.push_back(if_stmt());
            else
                s.else_body = block();
        }
        return s;
    }

    Stmt instance(Stmt s, ExprPtr head) {
        s.kind = StmtKind::instance;
        if (head->kind == ExprKind::ident) {
            s.name = head->text;
            s.name_loc = head->loc;
        } else if (head->kind == ExprKind::index && head->lhs->kind == ExprKind::ident) {
            s.name = head->lhs->text;
            s.name_loc = head->lhs->loc;
            s.count = std::move(head->rhs);
        } else {
            diags_.report(Diag::expected, head->loc, "expected an instance name (e.g. 'gpu[4]: B200')");
            throw SyntaxError{};
        }
        expect(Tok::colon);
        s.type_loc = loc();
        s.type = expect_ident("a type name");
        if (at(Tok::lparen)) s.args = call_args();
        if (at_kw("at")) {
            advance();
            if (!at_kw("units")) fail("'units(...)' after 'at'");
            s.units = postfix();
        }
        return s;
    }

    std::vector<Arg> call_args() {
        expect(Tok::lparen);
        std::vector<Arg> args;
        if (!at(Tok::rparen)) {
            do {
                Arg a;
                a.loc = loc();
                if (at(Tok::ident) && peek().kind == Tok::assign) {
                    a.name = advance().text;
                    advance();
                }
                a.value = expr();
                args.push_back(std::move(a));
            } while (accept(Tok::comma));
        }
        expect(Tok::rparen, "',' or ')'");
        return args;
    }

    // ---- expressions -------------------------------------------------------------------
    ExprPtr make(ExprKind k, SourceLoc l) {
        auto e = std::make_unique<Expr>();
        e->kind = k;
        e->loc = l;
        return e;
    }
    ExprPtr binary(ExprPtr l, Tok op, ExprPtr r, SourceLoc at_loc) {
        auto e = make(ExprKind::binary, at_loc);
        e->op = op;
        e->lhs = std::move(l);
        e->rhs = std::move(r);
        return e;
    }

    /// Nesting limit: deeper input is rejected rather than overflowing the stack.
    static constexpr int kMaxDepth = 200;
    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > kMaxDepth) {
                --p.depth_;
                p.fail("less deeply nested input (nesting limit 200)");
            }
        }
        ~DepthGuard() { --p.depth_; }
    };

    ExprPtr expr() {
        DepthGuard g(*this);
        return or_expr();
    }
    ExprPtr or_expr() {
        ExprPtr l = and_expr();
        while (at(Tok::or_)) {
            SourceLoc ol = loc();
            advance();
            l = binary(std::move(l), Tok::or_, and_expr(), ol);
        }
        return l;
    }
    ExprPtr and_expr() {
        ExprPtr l = cmp_expr();
        while (at(Tok::and_)) {
            SourceLoc ol = loc();
            advance();
            l = binary(std::move(l), Tok::and_, cmp_expr(), ol);
        }
        return l;
    }
    ExprPtr cmp_expr() {
        ExprPtr l = range_expr();
        while (at(Tok::eq) || at(Tok::ne) || at(Tok::lt) || at(Tok::le) || at(Tok::gt) ||
               at(Tok::ge)) {
            SourceLoc ol = loc();
            Tok op = advance().kind;
            l = binary(std::move(l), op, range_expr(), ol);
        }
        return l;
    }
    ExprPtr range_expr() {
        ExprPtr l = add_expr();
        if (at(Tok::range_incl) || at(Tok::range_excl)) {
            auto e = make(ExprKind::range, loc());
            e->inclusive = advance().kind == Tok::range_incl;
            e->lhs = std::move(l);
            e->rhs = add_expr();
            return e;
        }
        return l;
    }
    ExprPtr add_expr() {
        ExprPtr l = mul_expr();
        while (at(Tok::plus) || at(Tok::minus)) {
            SourceLoc ol = loc();
            Tok op = advance().kind;
            l = binary(std::move(l), op, mul_expr(), ol);
        }
        return l;
    }
    ExprPtr mul_expr() {
        ExprPtr l = unary();
        while (at(Tok::star) || at(Tok::slash) || at(Tok::percent)) {
            SourceLoc ol = loc();
            Tok op = advance().kind;
            l = binary(std::move(l), op, unary(), ol);
        }
        return l;
    }
    ExprPtr unary() {
        DepthGuard g(*this);
        if (at(Tok::minus) || at(Tok::not_) || at(Tok::plus)) {
            auto e = make(ExprKind::unary, loc());
            e->op = advance().kind;
            e->lhs = unary();
            return e;
        }
        return postfix();
    }
    ExprPtr postfix() {
        ExprPtr e = primary();
        while (true) {
            if (at(Tok::dot)) {
                SourceLoc l = loc();
                advance();
                auto m = make(ExprKind::member, l);
                m->text = expect_ident("a member name after '.'");
                m->lhs = std::move(e);
                e = std::move(m);
            } else if (at(Tok::lbrack)) {
                auto ix = make(ExprKind::index, loc());
                advance();
                ix->lhs = std::move(e);
                ix->rhs = expr();
                expect(Tok::rbrack, "']'");
                e = std::move(ix);
            } else if (at(Tok::lparen) && e->kind == ExprKind::ident) {
                auto c = make(ExprKind::call, e->loc);
                c->text = e->text;
                c->args = call_args();
                e = std::move(c);
            } else {
                return e;
            }
        }
    }
    ExprPtr primary() {
        SourceLoc l = loc();
        if (at(Tok::number)) {
            auto e = make(ExprKind::number, l);
            e->value = cur().value;
            e->dim = cur().dim;
            e->text = cur().text;
            advance();
            return e;
        }
        if (at(Tok::string)) {
            auto e = make(ExprKind::string, l);
            e->text = advance().text;
            return e;
        }
        if (at(Tok::lparen)) {
            advance();
            ExprPtr e = expr();
            expect(Tok::rparen, "')'");
            return e;
        }
        if (at(Tok::lbrack)) {
            auto e = make(ExprKind::list, l);
            advance();
            if (!at(Tok::rbrack)) {
                do {
                    Arg a;
                    a.loc = loc();
                    a.value = expr();
                    e->args.push_back(std::move(a));
                } while (accept(Tok::comma));
            }
            expect(Tok::rbrack, "',' or ']'");
            return e;
        }
        if (at(Tok::ident)) {
            const std::string& n = cur().text;
            if (n == "true" || n == "false") {
                auto e = make(ExprKind::boolean, l);
                e->value = n == "true" ? 1.0 : 0.0;
                advance();
                return e;
            }
            if (n == "auto") {
                advance();
                return make(ExprKind::auto_, l);
            }
            if (is_keyword(n)) fail(fmt::format("an expression ('{}' is a keyword)", n));
            auto e = make(ExprKind::ident, l);
            e->text = advance().text;
            return e;
        }
        fail("an expression");
    }

    const SourceManager& sm_;
    uint32_t file_;
    const std::vector<Token>& t_;
    DiagnosticEngine& diags_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

}  // namespace

FileAst parse(const SourceManager& sm, uint32_t file, const std::vector<Token>& tokens,
              DiagnosticEngine& diags) {
    return Parser(sm, file, tokens, diags).run();
}

}  // namespace racklink::hdl
