#include "hdl/lexer.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace racklink::hdl {

const char* to_string(Tok t) {
    switch (t) {
        case Tok::eof: return "end of file";
        case Tok::ident: return "identifier";
        case Tok::number: return "number";
        case Tok::string: return "string";
        case Tok::lbrace: return "'{'";
        case Tok::rbrace: return "'}'";
        case Tok::lbrack: return "'['";
        case Tok::rbrack: return "']'";
        case Tok::lparen: return "'('";
        case Tok::rparen: return "')'";
        case Tok::comma: return "','";
        case Tok::colon: return "':'";
        case Tok::semi: return "';'";
        case Tok::dot: return "'.'";
        case Tok::assign: return "'='";
        case Tok::eq: return "'=='";
        case Tok::ne: return "'!='";
        case Tok::lt: return "'<'";
        case Tok::le: return "'<='";
        case Tok::gt: return "'>'";
        case Tok::ge: return "'>='";
        case Tok::plus: return "'+'";
        case Tok::minus: return "'-'";
        case Tok::star: return "'*'";
        case Tok::slash: return "'/'";
        case Tok::percent: return "'%'";
        case Tok::and_: return "'&&'";
        case Tok::or_: return "'||'";
        case Tok::not_: return "'!'";
        case Tok::pipe: return "'|'";
        case Tok::range_incl: return "'..'";
        case Tok::range_excl: return "'..<'";
        case Tok::link: return "'--'";
        case Tok::error: return "invalid token";
    }
    return "token";
}

namespace {
bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
public:
    Lexer(const SourceManager& sm, uint32_t file, DiagnosticEngine& diags)
        : sm_(sm), file_(file), s_(sm.text(file)), diags_(diags) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        while (true) {
            skip_space_and_comments();
            Token t;
            t.offset = static_cast<uint32_t>(i_);
            if (i_ >= s_.size()) {
                t.kind = Tok::eof;
                out.push_back(t);
                return out;
            }
            if (!next(t)) continue;
            t.length = static_cast<uint32_t>(i_ - t.offset);
            out.push_back(std::move(t));
        }
    }

private:
    void error(Diag code, std::size_t at, std::string msg) {
        diags_.report(code, sm_.loc(file_, at), std::move(msg));
    }

    void skip_space_and_comments() {
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i_;
            } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
                while (i_ < s_.size() && s_[i_] != '\n') ++i_;
            } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
                std::size_t start = i_;
                i_ += 2;
                while (i_ + 1 < s_.size() && !(s_[i_] == '*' && s_[i_ + 1] == '/')) ++i_;
                if (i_ + 1 >= s_.size()) {
                    error(Diag::unterminated_comment, start, "unterminated block comment");
                    i_ = s_.size();
                } else {
                    i_ += 2;
                }
            } else {
                return;
            }
        }
    }

    bool next(Token& t) {
        char c = s_[i_];
        if (ident_start(c)) {
            std::size_t b = i_;
            while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
            t.kind = Tok::ident;
            t.text = s_.substr(b, i_ - b);
            return true;
        }
        if (digit(c) || (c == '.' && i_ + 1 < s_.size() && digit(s_[i_ + 1]))) return number(t);
        if (c == '$') return money(t);
        if (c == '"') return string(t);
        auto two = [&](char a, char b) { return c == a && i_ + 1 < s_.size() && s_[i_ + 1] == b; };
        if (c == '.' && i_ + 2 < s_.size() && s_[i_ + 1] == '.' && s_[i_ + 2] == '<') {
            i_ += 3;
            t.kind = Tok::range_excl;
            return true;
        }
        struct P {
            char a, b;
            Tok k;
        };
        static const P pairs[] = {{'.', '.', Tok::range_incl}, {'-', '-', Tok::link},
                                  {'=', '=', Tok::eq},         {'!', '=', Tok::ne},
                                  {'<', '=', Tok::le},         {'>', '=', Tok::ge},
                                  {'&', '&', Tok::and_},       {'|', '|', Tok::or_}};
        for (const auto& p : pairs) {
            if (two(p.a, p.b)) {
                i_ += 2;
                t.kind = p.k;
                return true;
            }
        }
        static const std::pair<char, Tok> singles[] = {
            {'{', Tok::lbrace}, {'}', Tok::rbrace}, {'[', Tok::lbrack}, {']', Tok::rbrack},
            {'(', Tok::lparen}, {')', Tok::rparen}, {',', Tok::comma},  {':', Tok::colon},
            {';', Tok::semi},   {'.', Tok::dot},    {'=', Tok::assign}, {'<', Tok::lt},
            {'>', Tok::gt},     {'+', Tok::plus},   {'-', Tok::minus},  {'*', Tok::star},
            {'/', Tok::slash},  {'%', Tok::percent}, {'!', Tok::not_},  {'|', Tok::pipe}};
        for (const auto& [ch, k] : singles) {
            if (c == ch) {
                ++i_;
                t.kind = k;
                return true;
            }
        }
        unsigned char uc = static_cast<unsigned char>(c);
        error(Diag::unexpected_char, i_,
              uc >= 0x20 && uc < 0x7f ? fmt::format("unexpected character '{}'", c)
                                      : fmt::format("unexpected byte 0x{:02x}", uc));
        ++i_;
        return false;
    }

    bool scan_number(double& v) {
        std::size_t b = i_;
        while (i_ < s_.size() && digit(s_[i_])) ++i_;
        if (i_ + 1 < s_.size() && s_[i_] == '.' && digit(s_[i_ + 1])) {
            ++i_;
            while (i_ < s_.size() && digit(s_[i_])) ++i_;
        } else if (i_ < s_.size() && s_[i_] == '.' && b == i_) {
            ++i_;  // ".5"
            while (i_ < s_.size() && digit(s_[i_])) ++i_;
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            std::size_t save = i_;
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            if (i_ < s_.size() && digit(s_[i_])) {
                while (i_ < s_.size() && digit(s_[i_])) ++i_;
            } else {
                i_ = save;  // "2e" is 2 followed by an identifier
            }
        }
        std::string text = s_.substr(b, i_ - b);
        char* end = nullptr;
        v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size() || !std::isfinite(v)) {
            error(Diag::bad_number, b, fmt::format("malformed number '{}'", text));
            v = 0.0;
            return false;
        }
        return true;
    }

    bool number(Token& t) {
        t.kind = Tok::number;
        std::size_t b = i_;
        scan_number(t.value);
        t.text = s_.substr(b, i_ - b);
        // A unit follows on the same line, after optional blanks: "150 mm", "2.1 dB/m", "5%".
        std::size_t j = i_;
        while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
        if (j < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[j])) || s_[j] == '%') &&
            is_unit_atom(std::string_view(s_).substr(j))) {
            std::size_t k = j;
            while (k < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[k])) ||
                                     s_[k] == '%' || s_[k] == '/' || s_[k] == '^' || s_[k] == '_'))
                ++k;
            std::string utext = s_.substr(j, k - j);
            auto u = parse_unit(utext);
            if (!u) {
                error(Diag::unknown_unit, j, fmt::format("unknown unit '{}'", utext));
            } else {
                t.value = t.value * u->scale + u->offset;
                t.dim = u->dim;
                t.has_unit = true;
            }
            i_ = k;
        }
        return true;
    }

    bool money(Token& t) {
        std::size_t b = i_;
        ++i_;  // '$'
        if (i_ >= s_.size() || !(digit(s_[i_]) || s_[i_] == '.')) {
            error(Diag::bad_number, b, "expected an amount after '$' (e.g. $200k)");
            return false;
        }
        t.kind = Tok::number;
        scan_number(t.value);
        if (i_ < s_.size() && (s_[i_] == 'k' || s_[i_] == 'M') &&
            !(i_ + 1 < s_.size() && ident_char(s_[i_ + 1]))) {
            t.value *= s_[i_] == 'k' ? 1e3 : 1e6;
            ++i_;
        }
        t.text = s_.substr(b, i_ - b);
        t.dim = Dim::of(Dim::usd);
        t.has_unit = true;
        return true;
    }

    bool string(Token& t) {
        std::size_t b = i_;
        ++i_;
        std::string v;
        while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\n') {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                char e = s_[i_ + 1];
                v += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                i_ += 2;
            } else {
                v += s_[i_++];
            }
        }
        if (i_ >= s_.size() || s_[i_] != '"') {
            error(Diag::unterminated_string, b, "unterminated string");
            t.kind = Tok::string;
            t.text = std::move(v);
            return true;
        }
        ++i_;
        t.kind = Tok::string;
        t.text = std::move(v);
        return true;
    }

    const SourceManager& sm_;
    uint32_t file_;
    const std::string& s_;
    DiagnosticEngine& diags_;
    std::size_t i_ = 0;
};
}  // namespace

std::vector<Token> lex(const SourceManager& sm, uint32_t file, DiagnosticEngine& diags) {
    return Lexer(sm, file, diags).run();
}

}  // namespace racklink::hdl
