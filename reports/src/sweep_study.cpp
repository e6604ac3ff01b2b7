// Study files: parsing (sections, parameter lists and ranges, constraints, outputs),
// constraint expressions and grid indexing.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "reports/sweep.hpp"

namespace racklink::reports {

// ---------------------------------------------------------------------------------------------
// Constraint expressions: a small recursive-descent parser over numbers (with optional unit,
// converted to SI), parameter names, + - * / ^, comparisons, && || ! (and/or/not), and the
// functions sqrt, log10, ln, exp, abs, min, max.

struct Expr {
    enum class Op { num, var, neg, not_, add, sub, mul, div, pow, lt, le, gt, ge, eq, ne, and_,
                    or_, call };
    Op op = Op::num;
    double value = 0.0;
    std::string name;  // var or function name
    std::size_t var = 0;
    StudyLoc loc;
    std::vector<std::unique_ptr<Expr>> args;

    double eval(const std::vector<double>& v) const {
        switch (op) {
            case Op::num: return value;
            case Op::var: return v[var];
            case Op::neg: return -args[0]->eval(v);
            case Op::not_: return args[0]->eval(v) == 0.0 ? 1.0 : 0.0;
            case Op::add: return args[0]->eval(v) + args[1]->eval(v);
            case Op::sub: return args[0]->eval(v) - args[1]->eval(v);
            case Op::mul: return args[0]->eval(v) * args[1]->eval(v);
            case Op::div: return args[0]->eval(v) / args[1]->eval(v);
            case Op::pow: return std::pow(args[0]->eval(v), args[1]->eval(v));
            case Op::lt: return args[0]->eval(v) < args[1]->eval(v);
            case Op::le: return args[0]->eval(v) <= args[1]->eval(v);
            case Op::gt: return args[0]->eval(v) > args[1]->eval(v);
            case Op::ge: return args[0]->eval(v) >= args[1]->eval(v);
            case Op::eq: return args[0]->eval(v) == args[1]->eval(v);
            case Op::ne: return args[0]->eval(v) != args[1]->eval(v);
            case Op::and_: return (args[0]->eval(v) != 0.0 && args[1]->eval(v) != 0.0) ? 1 : 0;
            case Op::or_: return (args[0]->eval(v) != 0.0 || args[1]->eval(v) != 0.0) ? 1 : 0;
            case Op::call: {
                double a = args[0]->eval(v);
                if (name == "sqrt") return std::sqrt(a);
                if (name == "log10") return std::log10(a);
                if (name == "ln") return std::log(a);
                if (name == "exp") return std::exp(a);
                if (name == "abs") return std::fabs(a);
                double b = args[1]->eval(v);
                if (name == "min") return std::min(a, b);
                return std::max(a, b);
            }
        }
        return 0.0;
    }

    void resolve(const std::vector<SweepParam>& params, std::vector<StudyError>& errors) {
        if (op == Op::var) {
            bool found = false;
            for (std::size_t i = 0; i < params.size(); ++i)
                if (params[i].name == name) {
                    var = i;
                    found = true;
                }
            if (!found)
                errors.push_back({loc, "constraint uses '" + name + "', which is not a swept "
                                       "parameter of this study"});
        }
        for (auto& a : args) a->resolve(params, errors);
    }
};

namespace {

int function_arity(std::string_view f) {
    if (f == "sqrt" || f == "log10" || f == "ln" || f == "exp" || f == "abs") return 1;
    if (f == "min" || f == "max") return 2;
    return -1;
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
bool unit_char(char c) {
    return !std::isspace(static_cast<unsigned char>(c)) && c != ',' && c != '(' && c != ')' &&
           c != '<' && c != '>' && c != '=' && c != '!' && c != '&' && c != '|' && c != '+' &&
           c != '-';
}

// Reads `number [unit]` at s[pos]; on success advances pos and returns the SI value.
struct Quantity {
    double si = 0.0;
    Dims dims{};
    std::string unit_text;
};

std::optional<Quantity> read_quantity(std::string_view s, std::size_t& pos, std::string& error,
                                      bool allow_unit_ops) {
    std::size_t p = pos;
    while (p < s.size() && s[p] == ' ') ++p;
    std::size_t start = p;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) ++p;
    bool digits = false;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p, digits = true;
    if (p < s.size() && s[p] == '.' && !(p + 1 < s.size() && s[p + 1] == '.')) {
        ++p;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p, digits = true;
    }
    if (!digits) {
        error = "expected a number";
        return std::nullopt;
    }
    if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
        std::size_t q = p + 1;
        if (q < s.size() && (s[q] == '+' || s[q] == '-')) ++q;
        if (q < s.size() && std::isdigit(static_cast<unsigned char>(s[q]))) {
            while (q < s.size() && std::isdigit(static_cast<unsigned char>(s[q]))) ++q;
            p = q;
        }
    }
    double v = std::strtod(std::string(s.substr(start, p - start)).c_str(), nullptr);
    std::size_t u = p;
    while (u < s.size() && s[u] == ' ') ++u;
    std::size_t ue = u;
    // A unit follows the number; in expressions it may not contain operators other than * / ^.
    while (ue < s.size() && (allow_unit_ops ? unit_char(s[ue]) || s[ue] == '-'
                                            : unit_char(s[ue]))) {
        if (s.substr(ue, 2) == "..") break;
        ++ue;
    }
    std::string_view unit_text = s.substr(u, ue - u);
    // Words that follow a number in a range or an expression are keywords, not units; a unit
    // starts with a letter, '%', '$' or a non-ASCII letter (µ).
    bool unit_start = !unit_text.empty() &&
                      (std::isalpha(static_cast<unsigned char>(unit_text[0])) ||
                       unit_text[0] == '%' || unit_text[0] == '$' ||
                       static_cast<unsigned char>(unit_text[0]) >= 0x80);
    if (!unit_start || unit_text == "step" || unit_text == "points" || unit_text == "and" ||
        unit_text == "or" || unit_text == "not")
        unit_text = {}, ue = u;
    Quantity q;
    std::string uerr;
    auto unit = parse_unit(unit_text, &uerr);
    if (!unit) {
        error = uerr;
        pos = u;
        return std::nullopt;
    }
    q.si = v * unit->scale + unit->offset;
    q.dims = unit->dims;
    q.unit_text = std::string(unit_text);
    pos = unit_text.empty() ? p : ue;
    return q;
}

class ExprParser {
public:
    ExprParser(std::string_view s, StudyLoc base) : s_(s), base_(base) {}

    std::unique_ptr<Expr> parse(std::string& error, StudyLoc& where) {
        try {
            auto e = parse_or();
            skip();
            if (pos_ != s_.size()) fail("unexpected '" + std::string(s_.substr(pos_, 1)) + "'");
            return e;
        } catch (const std::runtime_error& ex) {
            error = ex.what();
            where = loc();
            return nullptr;
        }
    }

private:
    std::string_view s_;
    StudyLoc base_;
    std::size_t pos_ = 0;

    StudyLoc loc() const { return {base_.line, base_.col + static_cast<std::uint32_t>(pos_)}; }
    [[noreturn]] void fail(const std::string& m) { throw std::runtime_error(m); }
    void skip() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    bool eat(std::string_view t) {
        skip();
        if (s_.substr(pos_, t.size()) == t) {
            // Word operators must end at a word boundary.
            if (ident_start(t[0]) && pos_ + t.size() < s_.size() && ident_char(s_[pos_ + t.size()]))
                return false;
            pos_ += t.size();
            return true;
        }
        return false;
    }
    std::unique_ptr<Expr> node(Expr::Op op, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b = {}) {
        auto e = std::make_unique<Expr>();
        e->op = op;
        e->loc = loc();
        e->args.push_back(std::move(a));
        if (b) e->args.push_back(std::move(b));
        return e;
    }
    std::unique_ptr<Expr> parse_or() {
        auto a = parse_and();
        while (eat("||") || eat("or")) a = node(Expr::Op::or_, std::move(a), parse_and());
        return a;
    }
    std::unique_ptr<Expr> parse_and() {
        auto a = parse_not();
        while (eat("&&") || eat("and")) a = node(Expr::Op::and_, std::move(a), parse_not());
        return a;
    }
    std::unique_ptr<Expr> parse_not() {
        skip();
        if (s_.substr(pos_, 2) != "!=" && (eat("!") || eat("not")))
            return node(Expr::Op::not_, parse_not());
        return parse_cmp();
    }
    std::unique_ptr<Expr> parse_cmp() {
        auto a = parse_add();
        struct C {
            std::string_view t;
            Expr::Op op;
        };
        for (C c : {C{"<=", Expr::Op::le}, C{">=", Expr::Op::ge}, C{"==", Expr::Op::eq},
                    C{"!=", Expr::Op::ne}, C{"<", Expr::Op::lt}, C{">", Expr::Op::gt}})
            if (eat(c.t)) return node(c.op, std::move(a), parse_add());
        return a;
    }
    std::unique_ptr<Expr> parse_add() {
        auto a = parse_mul();
        while (true) {
            if (eat("+")) a = node(Expr::Op::add, std::move(a), parse_mul());
            else if (eat("-")) a = node(Expr::Op::sub, std::move(a), parse_mul());
            else return a;
        }
    }
    std::unique_ptr<Expr> parse_mul() {
        auto a = parse_unary();
        while (true) {
            if (eat("*")) a = node(Expr::Op::mul, std::move(a), parse_unary());
            else if (eat("/")) a = node(Expr::Op::div, std::move(a), parse_unary());
            else return a;
        }
    }
    std::unique_ptr<Expr> parse_unary() {
        if (eat("-")) return node(Expr::Op::neg, parse_unary());
        auto a = parse_primary();
        if (eat("^")) a = node(Expr::Op::pow, std::move(a), parse_unary());
        return a;
    }
    std::unique_ptr<Expr> parse_primary() {
        skip();
        if (pos_ >= s_.size()) fail("expression ends early");
        char c = s_[pos_];
        if (eat("(")) {
            auto e = parse_or();
            if (!eat(")")) fail("expected ')'");
            return e;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            std::string err;
            std::size_t p = pos_;
            auto q = read_quantity(s_, p, err, false);
            if (!q) {
                pos_ = p;
                fail(err);
            }
            auto e = std::make_unique<Expr>();
            e->op = Expr::Op::num;
            e->value = q->si;
            e->loc = loc();
            pos_ = p;
            return e;
        }
        if (ident_start(c)) {
            StudyLoc at = loc();
            std::size_t b = pos_;
            while (pos_ < s_.size() && ident_char(s_[pos_])) ++pos_;
            std::string name(s_.substr(b, pos_ - b));
            auto e = std::make_unique<Expr>();
            e->name = name;
            e->loc = at;
            if (eat("(")) {
                int n = function_arity(name);
                if (n < 0) {
                    pos_ = b;
                    fail("unknown function '" + name +
                         "' (known: sqrt, log10, ln, exp, abs, min, max)");
                }
                e->op = Expr::Op::call;
                for (int i = 0; i < n; ++i) {
                    if (i > 0 && !eat(",")) fail("expected ',' (" + name + " takes 2 arguments)");
                    e->args.push_back(parse_or());
                }
                if (!eat(")")) fail("expected ')'");
                return e;
            }
            e->op = Expr::Op::var;
            return e;
        }
        fail("unexpected '" + std::string(1, c) + "'");
    }
};

std::string trim(std::string_view s, std::size_t* lead = nullptr) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    if (lead) *lead = b;
    return std::string(s.substr(b, e - b));
}

// Axis values of a parameter: `a, b, c` or `a .. b step s` or `a .. b points n`.
bool parse_values(std::string_view text, StudyLoc base, SweepParam& param,
                  std::vector<StudyError>& errors) {
    auto at = [&](std::size_t offset) {
        return StudyLoc{base.line, base.col + static_cast<std::uint32_t>(offset)};
    };
    std::size_t dots = text.find("..");
    std::vector<Quantity> qs;
    std::vector<std::size_t> q_pos;
    auto read = [&](std::size_t& pos) -> bool {
        std::string err;
        std::size_t start = pos;
        while (start < text.size() && text[start] == ' ') ++start;
        std::size_t p = pos;
        auto q = read_quantity(text, p, err, true);
        if (!q) {
            errors.push_back({at(p == pos ? start : p), err + " in the values of '" + param.name +
                                                            "'"});
            return false;
        }
        qs.push_back(*q);
        q_pos.push_back(start);
        pos = p;
        return true;
    };
    auto skip_ws = [&](std::size_t& p) {
        while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    };
    if (dots == std::string_view::npos) {
        std::size_t pos = 0;
        while (true) {
            if (!read(pos)) return false;
            skip_ws(pos);
            if (pos == text.size()) break;
            if (text[pos] != ',') {
                errors.push_back({at(pos), "expected ',' or the end of the line after a value "
                                           "of '" + param.name + "'"});
                return false;
            }
            ++pos;
        }
        for (const auto& q : qs) param.values.push_back(q.si);
    } else {
        std::size_t pos = 0;
        if (!read(pos)) return false;
        skip_ws(pos);
        if (pos != dots) {
            errors.push_back({at(pos), "unexpected text before '..'"});
            return false;
        }
        pos = dots + 2;
        if (!read(pos)) return false;
        skip_ws(pos);
        std::string_view rest = text.substr(pos);
        bool step = rest.substr(0, 4) == "step";
        bool points = rest.substr(0, 6) == "points";
        if (!step && !points) {
            errors.push_back({at(pos), "a range needs 'step <value>' or 'points <count>' after "
                                       "its end (e.g. 0.5 m .. 2 m step 0.1 m)"});
            return false;
        }
        pos += step ? 4 : 6;
        std::size_t count_pos = pos;
        if (!read(pos)) return false;
        skip_ws(pos);
        if (pos != text.size()) {
            errors.push_back({at(pos), "unexpected text after the range"});
            return false;
        }
        double a = qs[0].si, b = qs[1].si, s = qs[2].si;
        if (b < a) {
            errors.push_back({at(q_pos[1]), "range end is below its start"});
            return false;
        }
        std::size_t n = 0;
        if (step) {
            if (!(s > 0.0)) {
                errors.push_back({at(q_pos[2]), "step must be > 0"});
                return false;
            }
            // Count with a relative tolerance so that 0.5 .. 2 step 0.1 includes 2.
            double steps = (b - a) / s;
            n = static_cast<std::size_t>(std::floor(steps + 1e-9)) + 1;
            if (steps > 1e8) n = 0;
        } else {
            if (qs[2].dims != Dims{} || s < 1.0 || s != std::floor(s) || s > 1e8) {
                errors.push_back({at(count_pos), "points must be a whole number >= 1"});
                return false;
            }
            n = static_cast<std::size_t>(s);
        }
        if (n == 0 || n > 10000000) {
            errors.push_back({at(0), "range of '" + param.name + "' has too many values"});
            return false;
        }
        for (std::size_t i = 0; i < n; ++i) {
            double v = step ? a + static_cast<double>(i) * s
                            : (n == 1 ? a : a + (b - a) * static_cast<double>(i) / (n - 1.0));
            param.values.push_back(v);
        }
        if (points) qs.pop_back();  // the count has no dimension of its own
    }
    param.dims = qs[0].dims;
    for (std::size_t i = 1; i < qs.size(); ++i)
        if (qs[i].dims != param.dims) {
            errors.push_back({at(q_pos[i]), "value of '" + param.name + "' in " +
                                                si_unit_text(qs[i].dims) + " does not match " +
                                                si_unit_text(param.dims) + " of its first value"});
            return false;
        }
    param.unit = si_unit_text(param.dims);
    return true;
}

}  // namespace

StudyParseResult parse_study(std::string_view text, std::string file) {
    StudyParseResult r;
    Study& st = r.study;
    st.file = std::move(file);
    st.text = std::string(text);
    auto& errors = r.errors;
    bool in_sweep = false, saw_section = false;
    std::uint32_t line_no = 0;
    std::size_t start = 0;
    // Constraint texts are parsed after all parameters are known.
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view raw = text.substr(start, end - start);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        ++line_no;
        start = end + 1;
        // Comments: '#' or ';' to the end of the line.
        std::size_t c = raw.find_first_of("#;");
        std::string_view line = c == std::string_view::npos ? raw : raw.substr(0, c);
        std::size_t lead = 0;
        std::string t = trim(line, &lead);
        if (t.empty()) {
            if (end == text.size()) break;
            continue;
        }
        auto loc_at = [&](std::size_t offset) {
            return StudyLoc{line_no, static_cast<std::uint32_t>(offset + 1)};
        };
        if (t.front() == '[') {
            saw_section = true;
            std::size_t close = t.find(']');
            std::string name = close == std::string::npos ? "" : trim(t.substr(1, close - 1));
            if (close == std::string::npos || trim(t.substr(close + 1)) != "") {
                errors.push_back({loc_at(lead), "malformed section header (expected [sweep])"});
                in_sweep = false;
            } else if (name != "sweep") {
                errors.push_back({loc_at(lead + 1), "unknown section '" + name +
                                                        "' (a study file has one [sweep] section)"});
                in_sweep = false;
            } else {
                in_sweep = true;
            }
            continue;
        }
        if (!in_sweep) {
            if (!saw_section) {
                errors.push_back({loc_at(lead), "settings must follow a [sweep] section header"});
                saw_section = true;
            }
            continue;
        }
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            errors.push_back({loc_at(lead), "expected 'name = value'"});
            continue;
        }
        std::string key = trim(line.substr(0, eq));
        std::size_t vlead = 0;
        std::string value = trim(line.substr(eq + 1), &vlead);
        std::size_t value_off = eq + 1 + vlead;
        StudyLoc key_loc = loc_at(lead), value_loc = loc_at(value_off);
        bool key_ok = !key.empty() && ident_start(key[0]);
        for (char k : key) key_ok = key_ok && ident_char(k);
        if (!key_ok) {
            errors.push_back({key_loc, "'" + key + "' is not a valid name"});
            continue;
        }
        if (value.empty()) {
            errors.push_back({value_loc, "'" + key + "' has no value"});
            continue;
        }
        if (key == "evaluator") {
            if (!st.evaluator.empty())
                errors.push_back({key_loc, "evaluator given twice"});
            st.evaluator = value;
            st.evaluator_loc = value_loc;
        } else if (key == "title") {
            st.title = value;
        } else if (key == "constraint") {
            st.constraints.push_back({value, value_loc, nullptr});
        } else if (key == "output") {
            SweepOutput o;
            o.loc = value_loc;
            std::size_t br = value.find('[');
            o.name = trim(value.substr(0, br));
            bool name_ok = !o.name.empty() && ident_start(o.name[0]);
            for (char k : o.name) name_ok = name_ok && ident_char(k);
            if (!name_ok) {
                errors.push_back({value_loc, "output needs a name: output = name [unit]"});
                continue;
            }
            if (br != std::string::npos) {
                std::size_t close = value.find(']', br);
                if (close == std::string::npos || trim(value.substr(close + 1)) != "") {
                    errors.push_back({loc_at(value_off + br), "expected 'name [unit]'"});
                    continue;
                }
                o.unit = trim(value.substr(br + 1, close - br - 1));
                std::string uerr;
                auto u = parse_unit(o.unit, &uerr);
                if (!u) {
                    errors.push_back({loc_at(value_off + br + 1), uerr});
                    continue;
                }
                o.parsed = *u;
            }
            bool dup = false;
            for (const auto& prev : st.outputs) dup = dup || prev.name == o.name;
            if (dup) errors.push_back({value_loc, "output '" + o.name + "' listed twice"});
            else st.outputs.push_back(o);
        } else {
            bool dup = false;
            for (const auto& prev : st.params) dup = dup || prev.name == key;
            if (dup) {
                errors.push_back({key_loc, "parameter '" + key + "' given twice"});
                continue;
            }
            SweepParam p;
            p.name = key;
            p.loc = key_loc;
            if (parse_values(value, value_loc, p, errors)) st.params.push_back(std::move(p));
        }
        if (end == text.size()) break;
    }
    if (!saw_section) errors.push_back({{1, 1}, "no [sweep] section"});
    else if (errors.empty()) {
        if (st.evaluator.empty()) errors.push_back({{1, 1}, "no 'evaluator = name' line"});
        if (st.params.empty()) errors.push_back({{1, 1}, "no parameter to sweep"});
        if (st.outputs.empty()) errors.push_back({{1, 1}, "no 'output = name [unit]' line"});
    }
    for (auto& c : st.constraints) {
        ExprParser p(c.text, c.loc);
        std::string err;
        StudyLoc where;
        std::unique_ptr<Expr> e = p.parse(err, where);
        if (!e) {
            errors.push_back({where, err + " in constraint"});
            continue;
        }
        e->resolve(st.params, errors);
        c.expr = std::shared_ptr<const Expr>(std::move(e));
    }
    if (errors.empty()) {
        double n = 1;
        for (const auto& p : st.params) n *= static_cast<double>(p.values.size());
        if (n > 1e9) errors.push_back({{1, 1}, "the grid has more than 1e9 points"});
    }
    return r;
}

StudyParseResult load_study(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        StudyParseResult r;
        r.study.file = path;
        r.errors.push_back({{0, 0}, "cannot open study file"});
        return r;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_study(ss.str(), path);
}

std::string StudyParseResult::render() const {
    std::string out;
    std::string_view text = study.text;
    for (const auto& e : errors) {
        out += study.where(e.loc) + ": error: " + e.message + " [SWEEP]\n";
        if (e.loc.line == 0) continue;
        // Source line and caret.
        std::size_t start = 0;
        for (std::uint32_t l = 1; l < e.loc.line && start != std::string_view::npos; ++l) {
            start = text.find('\n', start);
            if (start != std::string_view::npos) ++start;
        }
        if (start == std::string_view::npos || start > text.size()) continue;
        std::size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out += "  " + std::string(line) + "\n  ";
        for (std::uint32_t i = 1; i < e.loc.col && i <= line.size(); ++i)
            out += line[i - 1] == '\t' ? '\t' : ' ';
        out += "^\n";
    }
    return out;
}

std::string Study::where(StudyLoc loc) const {
    if (loc.line == 0) return file;
    return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

std::size_t Study::size() const {
    std::size_t n = 1;
    for (const auto& p : params) n *= p.values.size();
    return n;
}

std::vector<std::size_t> Study::shape() const {
    std::vector<std::size_t> s;
    for (const auto& p : params) s.push_back(p.values.size());
    return s;
}

std::vector<double> Study::point_values(std::size_t index) const {
    std::vector<double> v(params.size());
    for (std::size_t k = params.size(); k-- > 0;) {
        std::size_t n = params[k].values.size();
        v[k] = params[k].values[index % n];
        index /= n;
    }
    return v;
}

bool Study::feasible(const std::vector<double>& values) const {
    for (const auto& c : constraints)
        if (c.expr && c.expr->eval(values) == 0.0) return false;
    return true;
}

std::uint64_t Study::fingerprint() const {
    // FNV-1a, 64 bit (Fowler, Noll, Vo; IETF draft-eastlake-fnv).
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](const void* data, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= b[i];
            h *= 1099511628211ull;
        }
    };
    auto mix_str = [&](const std::string& s) {
        mix(s.data(), s.size());
        mix("\0", 1);
    };
    mix_str(evaluator);
    for (const auto& p : params) {
        mix_str(p.name);
        mix(p.values.data(), p.values.size() * sizeof(double));
    }
    for (const auto& c : constraints) mix_str(c.text);
    for (const auto& o : outputs) {
        mix_str(o.name);
        mix_str(o.unit);
    }
    return h;
}

double Point::operator[](std::string_view name) const {
    for (std::size_t i = 0; i < params_->size(); ++i)
        if ((*params_)[i].name == name) return values_[i];
    throw std::out_of_range("study has no parameter '" + std::string(name) + "'");
}

double Point::get(std::string_view name, double fallback) const {
    for (std::size_t i = 0; i < params_->size(); ++i)
        if ((*params_)[i].name == name) return values_[i];
    return fallback;
}

bool Point::has(std::string_view name) const {
    for (const auto& p : *params_)
        if (p.name == name) return true;
    return false;
}

}  // namespace racklink::reports
