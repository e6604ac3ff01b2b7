// The elaborator: walks the syntax trees of a description and its imports, evaluates
// parameters (with per-instance overrides and --set), instantiates vectors and loops, resolves
// port connections and their routes, and builds the immutable graphs::Model.
#include "elaborate.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <unordered_map>

#include "hdl/param_table.hpp"

namespace racklink::hdl {

namespace {

using graphs::Element;
using graphs::Kind;
using graphs::ModelBuilder;
using graphs::Param;
using graphs::Vertex;

constexpr long kMaxIterations = 50'000'000;  // loop/vector size limit (no input may hang us)
constexpr int kMaxInstanceDepth = 64;

// ---- values ----------------------------------------------------------------------------
struct Value {
    enum class K : uint8_t { none, num, str, boolean, call, range, auto_, list } k = K::none;
    double v = 0.0;
    double v2 = 0.0;  // range: exclusive upper bound
    Dim d;
    std::string s;    // str; call: function name; list: the items joined by '\n'
    std::shared_ptr<std::vector<std::pair<std::string, Value>>> args;  // call arguments

    static Value num(double x, Dim dim = {}) {
        Value r;
        r.k = K::num;
        r.v = x;
        r.d = dim;
        return r;
    }
    static Value boolean(bool b) {
        Value r;
        r.k = K::boolean;
        r.v = b ? 1.0 : 0.0;
        return r;
    }
    static Value str(std::string t) {
        Value r;
        r.k = K::str;
        r.s = std::move(t);
        return r;
    }
    bool ok() const { return k != K::none; }
};

std::string describe(const Value& v) {
    switch (v.k) {
        case Value::K::num: return v.d.dimensionless() ? "a plain number" : "a " + quantity_name(v.d);
        case Value::K::str: return "a string";
        case Value::K::boolean: return "a boolean";
        case Value::K::call: return "a call value";
        case Value::K::range: return "a range";
        case Value::K::auto_: return "'auto'";
        case Value::K::list: return "a list";
        case Value::K::none: return "nothing";
    }
    return "a value";
}

struct Scope {
    const Scope* parent = nullptr;
    std::unordered_map<std::string, Value> vars;
    const Value* find(const std::string& n) const {
        for (const Scope* s = this; s; s = s->parent) {
            auto it = s->vars.find(n);
            if (it != s->vars.end()) return &it->second;
        }
        return nullptr;
    }
    void names(std::vector<std::string>& out) const {
        for (const Scope* s = this; s; s = s->parent)
            for (const auto& [k, v] : s->vars) out.push_back(k);
    }
};

// ---- elaborated instances ---------------------------------------------------------------
struct Node;

struct PortGroup {
    std::string name;
    uint32_t profile = 0;
    int lanes = 1;
    bool spare = false;
    bool vector = false;
    std::vector<uint8_t> used;
    std::vector<SourceLoc> first_use;  ///< where each port was first connected
    const Stmt* decl = nullptr;
    Node* owner = nullptr;
};

struct Member {
    bool is_port = false;
    bool vector = false;
    std::vector<Node*> nodes;
    PortGroup* ports = nullptr;
    SourceLoc loc;
};

struct SegT {
    uint32_t spec = 0;
    bool auto_len = false;
    double length_m = 0.0;
    double count = 1.0;
    int32_t element = -1;
    SourceLoc loc;
};

struct RouteT {
    uint32_t model_route = 0;
    std::vector<SegT> segs;
    SourceLoc loc;
};

struct Node {
    const Def* def = nullptr;
    Vertex v = 0;
    Vertex v_end = 0;
    Node* parent = nullptr;
    std::string path;  // relative to the top ("" for the top)
    std::unordered_map<std::string, Member> members;
    std::vector<std::string> member_order;
    std::unordered_map<std::string, RouteT> routes;
};

struct Override {
    Value value;
    SourceLoc loc;
    bool used = false;
    SourceLoc name_loc;
};
using Overrides = std::map<std::string, Override>;

struct DeferredAssert {
    const Stmt* stmt;
    Node* node;
    Scope snapshot;
};

// ---- the elaborator ----------------------------------------------------------------------
class Elaborator {
public:
    Elaborator(const SourceManager& sm, DiagnosticEngine& diags, const std::vector<FileAst>& files,
               uint32_t main_file, const std::vector<std::pair<std::string, std::string>>& sets)
        : sm_(sm), diags_(diags), files_(files), main_file_(main_file), sets_(sets) {}

    std::optional<graphs::Model> run() {
        for (uint32_t f = 0; f < sm_.size(); ++f) builder_.add_file(sm_.path(f));
        collect_definitions();
        globals();
        for (const auto& f : files_)
            for (const auto& d : f.defs)
                if (d.kind == DefKind::part) part_params(d);
        const Def* top = pick_top();
        if (!top) return std::nullopt;
        builder_.set_name(top->name);
        Node* root = instantiate(*top, nullptr, top->name, "", {}, top->loc, 0, -1, -1.0);
        if (root) {
            check_unconnected();
            run_asserts();
        }
        if (diags_.errors() > 0) return std::nullopt;
        return std::move(builder_).finish();
    }

private:
    // ---- diagnostics -------------------------------------------------------------------
    void error(Diag code, SourceLoc loc, std::string msg) { diags_.report(code, loc, std::move(msg)); }

    // ---- definitions ---------------------------------------------------------------------
    void collect_definitions() {
        for (const auto& f : files_) {
            for (const auto& d : f.defs) {
                auto [it, fresh] = defs_.emplace(d.name, &d);
                if (!fresh) {
                    auto& diag = diags_.report(Diag::duplicate_definition, d.loc,
                                               fmt::format("'{}' is already defined", d.name));
                    diag.notes.emplace_back(it->second->loc, "previous definition is here");
                    continue;
                }
                const KindSpec* spec = find_kind(d.kind, d.subkind);
                if (!spec) {
                    error(Diag::unknown_definition, d.subkind_loc,
                          with_suggestion(fmt::format("unknown {} kind '{}'", to_string(d.kind), d.subkind),
                                          d.subkind, kind_names(d.kind)));
                }
            }
        }
    }

    std::vector<std::string> def_names() const {
        std::vector<std::string> v;
        for (const auto& [k, d] : defs_) v.push_back(k);
        return v;
    }

    const Def* find_def(const std::string& name) const {
        auto it = defs_.find(name);
        return it == defs_.end() ? nullptr : it->second;
    }

    const Def* pick_top() {
        const Def* top = nullptr;
        for (const auto& f : files_)
            if (f.file == main_file_)
                for (const auto& d : f.defs)
                    if (d.kind == DefKind::rack || d.kind == DefKind::system) top = &d;
        if (!top) {
            error(Diag::no_top, sm_.loc(main_file_, 0),
                  "nothing to elaborate: the file defines no 'rack' or 'system' (the last one "
                  "defined in the main file is the top)");
        }
        return top;
    }

    // ---- globals and --set ----------------------------------------------------------------
    void globals() {
        Overrides sets;
        std::map<std::string, std::string> raw;
        for (const auto& [name, text] : sets_) raw[name] = text;
        std::vector<std::string> declared;
        for (const auto& f : files_)
            for (const auto& s : f.globals) declared.push_back(s.name);
        for (const auto& [name, text] : raw) {
            bool known = false;
            for (const auto& d : declared) known = known || d == name;
            if (!known) {
                error(Diag::unknown_setting, {},
                      with_suggestion(fmt::format("--set {}: the description declares no top-level "
                                                  "'param' or 'option' named '{}'",
                                                  name, name),
                                      name, declared));
            }
        }
        for (const auto& f : files_) {
            for (const auto& s : f.globals) {
                Value v;
                SourceLoc vloc = s.value ? s.value->loc : s.loc;
                auto it = raw.find(s.name);
                if (it != raw.end() && s.kind != StmtKind::let) {
                    v = eval_setting(s, it->second);
                    vloc = {};
                } else {
                    v = eval(*s.value, global_);
                }
                if (!v.ok()) continue;
                if (s.kind == StmtKind::option && !check_option(s, v, vloc)) continue;
                global_.vars[s.name] = v;
                global_params_.push_back(to_param(s.name, v, vloc));
            }
        }
        builder_.set_globals(builder_.add_params(global_params_));
    }

    /// Parses a --set value: an expression in .rack syntax, or a bare word for options.
    Value eval_setting(const Stmt& s, const std::string& text) {
        if (s.kind == StmtKind::option) {
            std::string t = text;
            if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
            return Value::str(t);
        }
        // Wrap as a global so the normal parser reads it.
        SourceManager tmp2;
        uint32_t f2 = tmp2.add("<--set " + s.name + ">", "let v = " + text);
        DiagnosticEngine d2(tmp2);
        auto toks2 = lex(tmp2, f2, d2);
        FileAst ast = parse(tmp2, f2, toks2, d2);
        if (d2.errors() > 0 || ast.globals.size() != 1 || !ast.globals[0].value) {
            error(Diag::type_mismatch, {},
                  fmt::format("--set {}={}: not a valid value (write it as in a .rack file, e.g. "
                              "'0.8 m' or '\"megtron7\"')",
                              s.name, text));
            return {};
        }
        // Locations in the temporary file are meaningless here: evaluate with errors muted by
        // re-reporting a single clear message.
        int before = diags_.errors();
        Value v = eval(*ast.globals[0].value, global_);
        if (diags_.errors() > before || !v.ok()) return {};
        if (s.value) {
            Value def = eval(*s.value, global_);
            if (def.ok() && (def.k != v.k || def.d != v.d)) {
                error(Diag::dimension_mismatch, {},
                      fmt::format("--set {}={}: expected {} like the default, got {}", s.name, text,
                                  describe(def), describe(v)));
                return {};
            }
        }
        return v;
    }

    bool check_option(const Stmt& s, const Value& v, SourceLoc loc) {
        std::vector<std::string> choices;
        for (const auto& a : s.args) choices.push_back(a.name);
        if (v.k == Value::K::str)
            for (const auto& c : choices)
                if (c == v.s) return true;
        std::string list;
        for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
        error(Diag::bad_option_value, loc,
              with_suggestion(fmt::format("option '{}' cannot be {}; choose one of: {}", s.name,
                                          v.k == Value::K::str ? "'" + v.s + "'" : describe(v), list),
                              v.s, choices));
        return false;
    }

    Param to_param(const std::string& name, const Value& v, SourceLoc loc) {
        Param p;
        p.name = name;
        p.loc = loc;
        if (v.k == Value::K::str || v.k == Value::K::call || v.k == Value::K::list) {
            p.is_text = true;
            p.text = v.s;
        } else {
            p.value = v.v;
        }
        return p;
    }

    // ---- expressions -----------------------------------------------------------------------
    Value eval(const Expr& e, const Scope& sc, Node* node = nullptr) {
        switch (e.kind) {
            case ExprKind::number: return Value::num(e.value, e.dim);
            case ExprKind::string: return Value::str(e.text);
            case ExprKind::boolean: return Value::boolean(e.value != 0.0);
            case ExprKind::auto_: {
                Value v;
                v.k = Value::K::auto_;
                return v;
            }
            case ExprKind::ident: {
                if (const Value* v = sc.find(e.text)) return *v;
                if (find_def(e.text)) return Value::str(e.text);  // a definition, by name
                std::vector<std::string> names;
                sc.names(names);
                for (const auto& [k, d] : defs_) names.push_back(k);
                error(Diag::unknown_name, e.loc,
                      with_suggestion(fmt::format("unknown name '{}'", e.text), e.text, names));
                return {};
            }
            case ExprKind::unary: {
                Value a = eval(*e.lhs, sc, node);
                if (!a.ok()) return {};
                if (e.op == Tok::not_) {
                    if (!truthy(a, e.loc)) return a.ok() ? Value::boolean(true) : Value{};
                    return Value::boolean(false);
                }
                if (a.k != Value::K::num) {
                    error(Diag::type_mismatch, e.loc, fmt::format("cannot negate {}", describe(a)));
                    return {};
                }
                if (e.op == Tok::minus) a.v = -a.v;
                return a;
            }
            case ExprKind::binary: return binary(e, sc, node);
            case ExprKind::range: {
                Value lo = eval(*e.lhs, sc, node), hi = eval(*e.rhs, sc, node);
                if (!lo.ok() || !hi.ok()) return {};
                if (!is_int(lo) || !is_int(hi)) {
                    error(Diag::type_mismatch, e.loc, "range bounds must be whole plain numbers");
                    return {};
                }
                Value r;
                r.k = Value::K::range;
                r.v = lo.v;
                r.v2 = e.inclusive ? hi.v + 1 : hi.v;
                return r;
            }
            case ExprKind::call: return call(e, sc, node);
            case ExprKind::list: return text_list(e, sc, node);
            case ExprKind::member:
            case ExprKind::index:
                error(Diag::type_mismatch, e.loc, "an instance path is not a value here");
                return {};
        }
        return {};
    }

    /// A list of strings (`["a.s4p", "b.s4p"]`), the value of text-list parameters: stored as
    /// one text parameter with the items joined by '\n' (graphs::split_text_list reads it).
    Value text_list(const Expr& e, const Scope& sc, Node* node) {
        Value r;
        r.k = Value::K::list;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            const Expr& item = *e.args[i].value;
            Value v = eval(item, sc, node);
            if (!v.ok()) return {};
            if (v.k != Value::K::str) {
                error(Diag::type_mismatch, item.loc,
                      fmt::format("a list holds strings (e.g. file names), got {}", describe(v)));
                return {};
            }
            if (v.s.empty() || v.s.find('\n') != std::string::npos) {
                error(Diag::type_mismatch, item.loc, "a list item must be a non-empty string without newlines");
                return {};
            }
            if (i > 0) r.s += '\n';
            r.s += v.s;
        }
        r.v = static_cast<double>(e.args.size());
        return r;
    }

    static bool is_int(const Value& v) {
        return v.k == Value::K::num && v.d.dimensionless() && std::floor(v.v) == v.v;
    }

    bool truthy(const Value& v, SourceLoc loc) {
        if (v.k == Value::K::boolean) return v.v != 0.0;
        if (v.k == Value::K::num && v.d.dimensionless()) return v.v != 0.0;
        error(Diag::type_mismatch, loc, fmt::format("expected a condition, got {}", describe(v)));
        return false;
    }

    Value binary(const Expr& e, const Scope& sc, Node* node) {
        if (e.op == Tok::and_ || e.op == Tok::or_) {
            Value a = eval(*e.lhs, sc, node);
            if (!a.ok()) return {};
            bool av = truthy(a, e.lhs->loc);
            if (e.op == Tok::and_ && !av) return Value::boolean(false);
            if (e.op == Tok::or_ && av) return Value::boolean(true);
            Value b = eval(*e.rhs, sc, node);
            if (!b.ok()) return {};
            return Value::boolean(truthy(b, e.rhs->loc));
        }
        Value a = eval(*e.lhs, sc, node), b = eval(*e.rhs, sc, node);
        if (!a.ok() || !b.ok()) return {};
        if (e.op == Tok::eq || e.op == Tok::ne) {
            bool same;
            if (a.k == Value::K::str && b.k == Value::K::str) {
                same = a.s == b.s;
            } else if ((a.k == Value::K::num || a.k == Value::K::boolean) &&
                       (b.k == Value::K::num || b.k == Value::K::boolean)) {
                if (a.d != b.d) return dim_error(e, a, b);
                same = a.v == b.v;
            } else {
                error(Diag::type_mismatch, e.loc,
                      fmt::format("cannot compare {} with {}", describe(a), describe(b)));
                return {};
            }
            return Value::boolean(e.op == Tok::eq ? same : !same);
        }
        if (a.k == Value::K::str && b.k == Value::K::str && e.op == Tok::plus)
            return Value::str(a.s + b.s);
        if (a.k != Value::K::num || b.k != Value::K::num) {
            error(Diag::type_mismatch, e.loc,
                  fmt::format("operator {} needs numbers, got {} and {}", to_string(e.op),
                              describe(a), describe(b)));
            return {};
        }
        switch (e.op) {
            case Tok::plus:
            case Tok::minus:
                if (a.d != b.d) return dim_error(e, a, b);
                return Value::num(e.op == Tok::plus ? a.v + b.v : a.v - b.v, a.d);
            case Tok::star: return Value::num(a.v * b.v, a.d * b.d);
            case Tok::slash:
            case Tok::percent:
                if (b.v == 0.0) {
                    error(Diag::division_by_zero, e.loc, "division by zero");
                    return {};
                }
                if (e.op == Tok::slash) return Value::num(a.v / b.v, a.d / b.d);
                if (a.d != b.d) return dim_error(e, a, b);
                return Value::num(std::fmod(a.v, b.v), a.d);
            case Tok::lt:
            case Tok::le:
            case Tok::gt:
            case Tok::ge: {
                if (a.d != b.d) return dim_error(e, a, b);
                bool r = e.op == Tok::lt ? a.v < b.v : e.op == Tok::le ? a.v <= b.v
                                                     : e.op == Tok::gt ? a.v > b.v : a.v >= b.v;
                return Value::boolean(r);
            }
            default: break;
        }
        error(Diag::type_mismatch, e.loc, "unsupported operator");
        return {};
    }

    Value dim_error(const Expr& e, const Value& a, const Value& b) {
        error(Diag::dimension_mismatch, e.loc,
              fmt::format("operator {} combines {} ({}) with {} ({})", to_string(e.op),
                          quantity_name(a.d), to_string(a.d), quantity_name(b.d), to_string(b.d)));
        return {};
    }

    Value call(const Expr& e, const Scope& sc, Node* node) {
        static const char* math1[] = {"abs", "sqrt", "floor", "ceil", "round", "log10"};
        for (const char* f : math1) {
            if (e.text != f) continue;
            if (e.args.size() != 1 || !e.args[0].name.empty()) {
                error(Diag::type_mismatch, e.loc, fmt::format("{}() takes one argument", f));
                return {};
            }
            Value a = eval(*e.args[0].value, sc, node);
            if (!a.ok()) return {};
            if (a.k != Value::K::num) {
                error(Diag::type_mismatch, e.loc, fmt::format("{}() needs a number", f));
                return {};
            }
            std::string n = f;
            if (n == "abs") return Value::num(std::fabs(a.v), a.d);
            if (n == "sqrt") {
                for (auto x : a.d.e)
                    if (x % 2 != 0) {
                        error(Diag::dimension_mismatch, e.loc, "sqrt() of a dimension with an odd power");
                        return {};
                    }
                if (a.v < 0) {
                    error(Diag::out_of_range, e.loc, "sqrt() of a negative number");
                    return {};
                }
                Dim h;
                for (int i = 0; i < Dim::count; ++i) h.e[i] = static_cast<int8_t>(a.d.e[i] / 2);
                return Value::num(std::sqrt(a.v), h);
            }
            if (!a.d.dimensionless() && n != "floor" && n != "ceil" && n != "round") {
                error(Diag::dimension_mismatch, e.loc, fmt::format("{}() needs a plain number", f));
                return {};
            }
            if (n == "floor") return Value::num(std::floor(a.v), a.d);
            if (n == "ceil") return Value::num(std::ceil(a.v), a.d);
            if (n == "round") return Value::num(std::round(a.v), a.d);
            if (a.v <= 0) {
                error(Diag::out_of_range, e.loc, "log10() of a non-positive number");
                return {};
            }
            return Value::num(std::log10(a.v));
        }
        if (e.text == "min" || e.text == "max") {
            if (e.args.empty()) {
                error(Diag::type_mismatch, e.loc, e.text + "() needs arguments");
                return {};
            }
            Value best;
            for (const auto& a : e.args) {
                Value v = eval(*a.value, sc, node);
                if (!v.ok()) return {};
                if (v.k != Value::K::num) {
                    error(Diag::type_mismatch, a.loc, e.text + "() needs numbers");
                    return {};
                }
                if (best.ok() && best.d != v.d) {
                    error(Diag::dimension_mismatch, a.loc, e.text + "() of different dimensions");
                    return {};
                }
                if (!best.ok() || (e.text == "min" ? v.v < best.v : v.v > best.v)) best = v;
            }
            return best;
        }
        if (e.text == "count" || e.text == "links") return structural(e, sc, node);
        // Any other call is a structured value, e.g. lognormal(median = 10 min, sigma = 0.5).
        Value r;
        r.k = Value::K::call;
        r.s = e.text;
        r.args = std::make_shared<std::vector<std::pair<std::string, Value>>>();
        int pos = 0;
        for (const auto& a : e.args) {
            Value v = eval(*a.value, sc, node);
            if (!v.ok()) return {};
            r.args->emplace_back(a.name.empty() ? "arg" + std::to_string(pos++) : a.name, v);
        }
        return r;
    }

    /// count("gpu") and links(): structure of the asserting instance (after elaboration).
    Value structural(const Expr& e, const Scope& sc, Node* node) {
        if (!node || !in_asserts_) {
            error(Diag::type_mismatch, e.loc,
                  fmt::format("{}() is only available in 'assert' statements", e.text));
            return {};
        }
        const auto& g = builder_.peek().graph();
        if (e.text == "links") {
            long n = 0;
            for (auto [ei, ee] = boost::edges(g); ei != ee; ++ei) {
                auto s = boost::source(*ei, g), t = boost::target(*ei, g);
                if (s >= node->v && s < node->v_end && t >= node->v && t < node->v_end) ++n;
            }
            return Value::num(static_cast<double>(n));
        }
        if (e.args.size() != 1) {
            error(Diag::type_mismatch, e.loc, "count() takes one kind, e.g. count(\"gpu\")");
            return {};
        }
        Value k = eval(*e.args[0].value, sc, node);
        if (!k.ok()) return {};
        auto kind = k.k == Value::K::str ? graphs::parse_kind(k.s) : std::nullopt;
        if (!kind) {
            std::vector<std::string> names;
            for (int i = 0; i <= static_cast<int>(Kind::other); ++i)
                names.emplace_back(graphs::to_string(static_cast<Kind>(i)));
            error(Diag::unknown_name, e.args[0].loc,
                  with_suggestion(fmt::format("count() of unknown kind '{}'", k.s), k.s, names));
            return {};
        }
        long n = 0;
        for (Vertex v = node->v; v < node->v_end; ++v)
            if (g[v].kind == *kind) ++n;
        return Value::num(static_cast<double>(n));
    }

    std::optional<long> eval_int(const Expr& e, const Scope& sc, const char* what, long lo, long hi) {
        Value v = eval(e, sc);
        if (!v.ok()) return std::nullopt;
        if (!is_int(v)) {
            error(Diag::type_mismatch, e.loc, fmt::format("{} must be a whole plain number, got {}", what, describe(v)));
            return std::nullopt;
        }
        if (v.v < lo || v.v > hi) {
            error(Diag::out_of_range, e.loc, fmt::format("{} {} is outside {}..{}", what, v.v, lo, hi));
            return std::nullopt;
        }
        return static_cast<long>(v.v);
    }

    // ---- parameters --------------------------------------------------------------------
    /// Checks a value against a parameter spec; appends it (flattening call values) to out.
    bool add_param(const KindSpec* spec, const std::string& name, const Value& v, SourceLoc loc,
                   bool declared, std::vector<Param>& out, SourceLoc name_loc = {}) {
        const ParamSpec* ps = spec ? spec->find(name) : nullptr;
        if (!ps && !declared && !(spec && spec->open)) {
            std::string what = spec ? (spec->kind.empty() ? std::string(to_string(spec->def)) : spec->kind)
                                    : "this definition";
            error(Diag::unknown_parameter, name_loc.valid() ? name_loc : loc,
                  with_suggestion(fmt::format("unknown parameter '{}' for {} (declare a new one "
                                              "with 'param {} = ...')",
                                              name, what, name),
                                  name, spec ? spec->names() : std::vector<std::string>{}));
            return false;
        }
        if (v.k == Value::K::auto_) {
            if (name != "length") {
                error(Diag::type_mismatch, loc, fmt::format("'auto' is only allowed for 'length', not '{}'", name));
                return false;
            }
            return true;  // handled by the route
        }
        if (v.k == Value::K::list && !(ps && ps->type == ParamType::text_list) && !declared) {
            error(Diag::type_mismatch, loc,
                  fmt::format("parameter '{}' does not take a list", name));
            return false;
        }
        if (ps) {
            if (ps->type == ParamType::text_list && v.k != Value::K::list && v.k != Value::K::str) {
                error(Diag::type_mismatch, loc,
                      fmt::format("parameter '{}' takes a list of strings (e.g. [\"a.s4p\", \"b.s4p\"]), got {}",
                                  name, describe(v)));
                return false;
            }
            if (ps->type == ParamType::text && v.k != Value::K::str) {
                error(Diag::type_mismatch, loc,
                      fmt::format("parameter '{}' takes text (a quoted string or a definition name), got {}",
                                  name, describe(v)));
                return false;
            }
            if (ps->type == ParamType::boolean) {
                if (!(v.k == Value::K::boolean || (v.k == Value::K::num && v.d.dimensionless() &&
                                                   (v.v == 0.0 || v.v == 1.0)))) {
                    error(Diag::type_mismatch, loc,
                          fmt::format("parameter '{}' takes true or false, got {}", name, describe(v)));
                    return false;
                }
            }
            if (ps->type == ParamType::number) {
                if (v.k != Value::K::num) {
                    error(Diag::type_mismatch, loc,
                          fmt::format("parameter '{}' takes a {} (e.g. a number in {}), got {}", name,
                                      quantity_name(ps->dim), ps->unit.empty() ? "plain" : ps->unit,
                                      describe(v)));
                    return false;
                }
                if (v.d != ps->dim) {
                    error(Diag::dimension_mismatch, loc,
                          fmt::format("parameter '{}' is a {} ({}{}), but the value is {} ({})", name,
                                      quantity_name(ps->dim), to_string(ps->dim),
                                      ps->unit.empty() ? "" : ", e.g. in " + ps->unit,
                                      describe(v), to_string(v.d)));
                    return false;
                }
                bool low = ps->min_exclusive ? v.v <= ps->min : v.v < ps->min;
                if (low || v.v > ps->max) {
                    std::string lo = ps->min > -1e299 ? fmt::format("{}{}", ps->min_exclusive ? "> " : ">= ", ps->min) : "";
                    std::string hi = ps->max < 1e299 ? fmt::format("<= {}", ps->max) : "";
                    error(Diag::out_of_range, loc,
                          fmt::format("parameter '{}' = {} {} is out of range ({}{}{}, SI units)", name,
                                      v.v, si_unit(v.d), lo, (!lo.empty() && !hi.empty()) ? " and " : "", hi));
                    return false;
                }
            }
        }
        out.push_back(to_param(name, v, loc));
        if (v.k == Value::K::call) flatten(name, v, loc, out);
        return true;
    }

    void flatten(const std::string& prefix, const Value& v, SourceLoc loc, std::vector<Param>& out) {
        for (const auto& [k, a] : *v.args) {
            out.push_back(to_param(prefix + "." + k, a, loc));
            if (a.k == Value::K::call) flatten(prefix + "." + k, a, loc, out);
        }
    }

    /// Evaluates a serdes or part definition's body (global scope, no overrides), once.
    const std::vector<Param>& part_params(const Def& d) {
        auto it = part_cache_.find(&d);
        if (it != part_cache_.end()) return it->second;
        std::vector<Param> params;
        Scope sc{&global_, {}};
        const KindSpec* spec = find_kind(d.kind, d.subkind);
        Overrides none;
        exec_params(d.body, sc, spec, none, params, d);
        auto& stored = part_cache_[&d] = std::move(params);
        if (d.kind == DefKind::part) {
            graphs::PartDef pd;
            pd.name = d.name;
            pd.kind = d.subkind;
            pd.params = builder_.add_params(stored);
            pd.loc = d.loc;
            builder_.add_part(std::move(pd));
        }
        return stored;
    }

    /// Runs the parameter-only statements of a serdes/part body.
    void exec_params(const std::vector<Stmt>& body, Scope& sc, const KindSpec* spec,
                     Overrides& ov, std::vector<Param>& out, const Def& d) {
        for (const auto& s : body) {
            switch (s.kind) {
                case StmtKind::assign:
                case StmtKind::param:
                case StmtKind::let: assign(s, sc, spec, ov, out); break;
                case StmtKind::if_: {
                    Value c = eval(*s.value, sc);
                    if (!c.ok()) break;
                    exec_params(truthy(c, s.value->loc) ? s.body : s.else_body, sc, spec, ov, out, d);
                    break;
                }
                case StmtKind::assert_: asserts_.push_back({&s, nullptr, flatten_scope(sc)}); break;
                default:
                    error(Diag::expected, s.loc,
                          fmt::format("only parameters are allowed in a {} definition", to_string(d.kind)));
            }
        }
    }

    void assign(const Stmt& s, Scope& sc, const KindSpec* spec, Overrides& ov, std::vector<Param>& out) {
        Value v;
        SourceLoc loc = s.value ? s.value->loc : s.loc;
        auto it = s.kind == StmtKind::let ? ov.end() : ov.find(s.name);
        if (it != ov.end()) {
            v = it->second.value;
            loc = it->second.loc;
            it->second.used = true;
        } else {
            v = eval(*s.value, sc);
        }
        if (!v.ok()) return;
        if (s.kind != StmtKind::let) {
            SourceLoc name_loc = it != ov.end() ? it->second.name_loc : s.name_loc;
            if (!add_param(spec, s.name, v, loc, s.kind == StmtKind::param, out, name_loc)) return;
        }
        sc.vars[s.name] = v;
    }

    /// Overrides not consumed by the body: valid kind parameters are added, others are errors.
    void finish_overrides(const KindSpec* spec, Overrides& ov, std::vector<Param>& out, Scope& sc) {
        for (auto& [name, o] : ov) {
            if (o.used) continue;
            if (add_param(spec, name, o.value, o.loc, false, out, o.name_loc)) sc.vars[name] = o.value;
        }
    }

    static Scope flatten_scope(const Scope& sc) {
        Scope flat;
        for (const Scope* s = &sc; s; s = s->parent)
            for (const auto& [k, v] : s->vars) flat.vars.emplace(k, v);
        return flat;
    }

    // ---- instances ---------------------------------------------------------------------
    Node* instantiate(const Def& d, Node* parent, const std::string& name, const std::string& path,
                      Overrides ov, SourceLoc loc, int depth, int32_t rack_slot, double u_bottom) {
        if (depth > kMaxInstanceDepth) {
            error(Diag::recursion, loc, fmt::format("instances nested deeper than {} levels (does '{}' contain itself?)",
                                                    kMaxInstanceDepth, d.name));
            return nullptr;
        }
        for (Node* p = parent; p; p = p->parent) {
            if (p->def == &d) {
                error(Diag::recursion, loc, fmt::format("'{}' contains itself", d.name));
                return nullptr;
            }
        }
        nodes_.emplace_back();
        Node* n = &nodes_.back();
        n->def = &d;
        n->parent = parent;
        n->path = path;
        const KindSpec* spec = find_kind(d.kind, d.subkind);

        Element el;
        el.kind = d.kind == DefKind::tray ? Kind::tray
                  : d.kind == DefKind::rack ? Kind::rack
                  : d.kind == DefKind::system ? Kind::system
                  : graphs::parse_kind(d.subkind).value_or(Kind::other);
        el.name = path.empty() ? name : path;
        el.type = d.name;
        el.parent = parent ? static_cast<int32_t>(parent->v) : -1;
        el.loc = loc;
        el.def_loc = d.loc;
        if (el.kind == Kind::rack) {
            el.rack_slot = rack_slot >= 0 ? rack_slot : 0;
        }
        n->v = builder_.add_element(el);
        if (el.kind == Kind::rack) {
            rack_of_[n->v] = static_cast<int32_t>(n->v);
        } else if (parent) {
            rack_of_[n->v] = rack_of_[parent->v];
        } else {
            rack_of_[n->v] = -1;
        }

        // A rack's geometry overrides (`rack[1]: NVL72(routing_allowance = 0.3 m)`) must reach
        // the auto-length cables inside it, which elaborate before the rack's parameters are
        // interned: seed rack_value's cache with them.
        if (el.kind == Kind::rack)
            for (const char* key : {"routing_allowance", "height", "width"})
                if (auto it = ov.find(key); it != ov.end() && it->second.value.k == Value::K::num)
                    rack_defaults_[{static_cast<int32_t>(n->v), key}] = it->second.value.v;

        Scope sc{&global_, {}};
        std::vector<Param> params;
        exec_body(*n, d.body, sc, spec, ov, params, depth);
        finish_overrides(spec, ov, params, sc);

        // Geometry: rack-unit position and height.
        Element& mel = mutable_element(n->v);
        mel.rack = rack_of_[n->v];
        double height_m = 0.0;
        for (const auto& p : params)
            if (p.name == "height" && !p.is_text) height_m = p.value;
        if (el.kind == Kind::tray || el.kind == Kind::rack)
            mel.u_height = height_m > 0 ? height_m / kRackUnitM : (el.kind == Kind::tray ? 1.0 : 48.0);
        if (u_bottom > 0) mel.u_bottom = u_bottom;
        mel.params = intern_params(params);
        n->v_end = static_cast<Vertex>(boost::num_vertices(builder_.peek().graph()));
        return n;
    }

    Element& mutable_element(Vertex v) {
        // The builder owns the graph until finish(); elements are filled in after their body.
        return const_cast<graphs::Graph&>(builder_.peek().graph())[v];
    }

    /// Interns a parameter set: identical sets (same names, values and locations) share one id.
    uint32_t intern_params(const std::vector<Param>& params) {
        std::string key;
        key.reserve(params.size() * 40);
        for (const auto& p : params) {
            key.append(p.name).push_back('\x1f');
            if (p.is_text) {
                key.append(p.text);
            } else {
                char raw[sizeof(double)];
                std::memcpy(raw, &p.value, sizeof raw);
                key.append(raw, sizeof raw);
            }
            char loc[3 * sizeof(uint32_t)];
            std::memcpy(loc, &p.loc.file, 4);
            std::memcpy(loc + 4, &p.loc.line, 4);
            std::memcpy(loc + 8, &p.loc.col, 4);
            key.append(loc, sizeof loc).push_back('\x1e');
        }
        auto it = param_cache_.find(key);
        if (it != param_cache_.end()) return it->second;
        uint32_t id = builder_.add_params(params);
        param_cache_.emplace(std::move(key), id);
        return id;
    }

    void exec_body(Node& n, const std::vector<Stmt>& body, Scope& sc, const KindSpec* spec,
                   Overrides& ov, std::vector<Param>& params, int depth) {
        for (const auto& s : body) {
            if (diags_.at_limit()) return;
            switch (s.kind) {
                case StmtKind::assign:
                case StmtKind::param:
                case StmtKind::let: assign(s, sc, spec, ov, params); break;
                case StmtKind::option: {
                    auto it = ov.find(s.name);
                    Value v = it != ov.end() ? it->second.value : eval(*s.value, sc);
                    SourceLoc l = it != ov.end() ? it->second.loc : s.value->loc;
                    if (it != ov.end()) it->second.used = true;
                    if (!v.ok() || !check_option(s, v, l)) break;
                    params.push_back(to_param(s.name, v, l));
                    sc.vars[s.name] = v;
                    break;
                }
                case StmtKind::port: port(n, s, sc); break;
                case StmtKind::instance: instance(n, s, sc, depth); break;
                case StmtKind::route: route(n, s, sc); break;
                case StmtKind::connect: connect(n, s, sc); break;
                case StmtKind::for_: loop(n, s, sc, spec, ov, params, depth); break;
                case StmtKind::if_: {
                    Value c = eval(*s.value, sc);
                    if (!c.ok()) break;
                    exec_body(n, truthy(c, s.value->loc) ? s.body : s.else_body, sc, spec, ov, params, depth);
                    break;
                }
                case StmtKind::assert_: asserts_.push_back({&s, &n, flatten_scope(sc)}); break;
            }
        }
    }

    void loop(Node& n, const Stmt& s, Scope& sc, const KindSpec* spec, Overrides& ov,
              std::vector<Param>& params, int depth) {
        std::vector<std::pair<long, long>> ranges;
        long total = 1;
        for (std::size_t i = 0; i < s.loops.size(); ++i) {
            Value r = eval(*s.loops[i].second, sc);
            if (!r.ok()) return;
            if (r.k != Value::K::range) {
                error(Diag::type_mismatch, s.loops[i].second->loc,
                      fmt::format("a loop runs over a range (e.g. 0..<18), not {}", describe(r)));
                return;
            }
            long lo = static_cast<long>(r.v), hi = static_cast<long>(r.v2);
            long len = std::max(0L, hi - lo);
            if (len > 0 && total > kMaxIterations / len) {
                error(Diag::loop_too_large, s.loc, fmt::format("loop of more than {} iterations", kMaxIterations));
                return;
            }
            total *= len;
            ranges.emplace_back(lo, hi);
        }
        if (total == 0) return;
        Scope inner{&sc, {}};
        std::vector<long> idx(ranges.size());
        for (std::size_t i = 0; i < ranges.size(); ++i) idx[i] = ranges[i].first;
        while (true) {
            for (std::size_t i = 0; i < ranges.size(); ++i)
                inner.vars[s.loops[i].first] = Value::num(static_cast<double>(idx[i]));
            long before = diags_.error_reports();
            exec_body(n, s.body, inner, spec, ov, params, depth);
            if (diags_.at_limit()) return;
            // An iteration that failed would fail the same way again (found by fuzzing: a
            // mutated loop re-reported one error millions of times). Stop at the first.
            if (diags_.error_reports() != before) return;
            std::size_t k = ranges.size();
            while (k > 0) {
                --k;
                if (++idx[k] < ranges[k].second) break;
                idx[k] = ranges[k].first;
                if (k == 0) return;
            }
        }
    }

    bool add_member(Node& n, const std::string& name, SourceLoc loc, Member m) {
        auto [it, fresh] = n.members.emplace(name, std::move(m));
        if (!fresh) {
            auto& diag = diags_.report(Diag::duplicate_name, loc, fmt::format("'{}' is already declared here", name));
            diag.notes.emplace_back(it->second.loc, "previous declaration is here");
            return false;
        }
        n.member_order.push_back(name);
        return true;
    }

    void port(Node& n, const Stmt& s, Scope& sc) {
        if (n.def->kind != DefKind::device) {
            error(Diag::expected, s.loc, "ports belong to devices (declare the port in the device definition)");
            return;
        }
        long count = 1;
        if (s.count) {
            auto c = eval_int(*s.count, sc, "port count", 1, 1 << 20);
            if (!c) return;
            count = *c;
        }
        auto lanes = eval_int(*s.lanes, sc, "lane count", 1, 1024);
        if (!lanes) return;
        const Def* prof = find_def(s.type);
        if (!prof || prof->kind != DefKind::serdes) {
            std::vector<std::string> names;
            for (const auto& [k, d] : defs_)
                if (d->kind == DefKind::serdes) names.push_back(k);
            error(Diag::unknown_definition, s.type_loc,
                  with_suggestion(fmt::format("unknown SerDes profile '{}'", s.type), s.type, names));
            return;
        }
        ports_.emplace_back();
        PortGroup* g = &ports_.back();
        g->name = s.name;
        g->profile = profile(*prof);
        g->lanes = static_cast<int>(*lanes);
        g->spare = s.spare;
        g->vector = s.count != nullptr;
        g->used.assign(static_cast<std::size_t>(count), 0);
        g->first_use.assign(static_cast<std::size_t>(count), SourceLoc{});
        g->decl = &s;
        g->owner = &n;
        Member m;
        m.is_port = true;
        m.vector = g->vector;
        m.ports = g;
        m.loc = s.name_loc;
        add_member(n, s.name, s.name_loc, std::move(m));
    }

    uint32_t profile(const Def& d) {
        auto it = profile_ids_.find(&d);
        if (it != profile_ids_.end()) return it->second;
        const auto& params = part_params(d);
        graphs::Profile p;
        p.name = d.name;
        p.loc = d.loc;
        auto get = [&](const char* k, double fb) {
            for (const auto& q : params)
                if (q.name == k && !q.is_text) return q.value;
            return fb;
        };
        p.baud_hz = get("baud", 0.0);
        p.bits_per_symbol = get("bits_per_symbol", 2.0);
        p.lane_rate_bps = get("lane_rate", 0.0);
        p.nyquist_hz = p.baud_hz / 2.0;
        p.loss_budget_db = get("loss_budget", 0.0);
        p.energy_j_per_bit = get("energy_per_bit", 0.0);
        p.params = builder_.add_params(params);
        for (const char* req : {"baud", "lane_rate"}) {
            bool has = false;
            for (const auto& q : params) has = has || q.name == req;
            if (!has)
                error(Diag::missing_parameter, d.loc,
                      fmt::format("SerDes profile '{}' needs '{}'", d.name, req));
        }
        uint32_t id = builder_.add_profile(std::move(p));
        profile_ids_[&d] = id;
        return id;
    }

    void instance(Node& n, const Stmt& s, Scope& sc, int depth) {
        if (n.def->kind == DefKind::device) {
            error(Diag::expected, s.loc, "a device cannot contain instances (use a tray)");
            return;
        }
        const Def* d = find_def(s.type);
        if (!d || d->kind == DefKind::serdes || d->kind == DefKind::part) {
            std::vector<std::string> names;
            for (const auto& [k, def] : defs_)
                if (def->kind != DefKind::serdes && def->kind != DefKind::part) names.push_back(k);
            error(Diag::unknown_definition, s.type_loc,
                  with_suggestion(d ? fmt::format("'{}' is a {}, which cannot be instantiated", s.type, to_string(d->kind))
                                    : fmt::format("unknown type '{}'", s.type),
                                  s.type, names));
            return;
        }
        long count = 1;
        if (s.count) {
            auto c = eval_int(*s.count, sc, "instance count", 0, 1 << 20);
            if (!c) return;
            count = *c;
        }
        Overrides ov;
        for (const auto& a : s.args) {
            if (a.name.empty()) {
                error(Diag::expected, a.loc, "instance arguments are named: Type(param = value)");
                continue;
            }
            Value v = eval(*a.value, sc);
            if (v.ok()) ov[a.name] = {v, a.value->loc, false, a.loc};
        }
        // Rack-unit positions: units(a..b, c..d, e) lists the units, consumed in order.
        std::vector<double> units;
        if (s.units) {
            for (const auto& a : s.units->args) {
                Value v = eval(*a.value, sc);
                if (!v.ok()) return;
                if (v.k == Value::K::range) {
                    for (long u = static_cast<long>(v.v); u < static_cast<long>(v.v2); ++u) units.push_back(static_cast<double>(u));
                } else if (is_int(v)) {
                    units.push_back(v.v);
                } else {
                    error(Diag::type_mismatch, a.loc, "units(...) takes rack-unit numbers and ranges, e.g. units(1..10, 20..27)");
                    return;
                }
                if (units.size() > (1u << 20)) return;
            }
        }
        Member m;
        m.vector = s.count != nullptr;
        m.loc = s.name_loc;
        if (!add_member(n, s.name, s.name_loc, std::move(m))) return;
        // Height of one instance, to consume units.
        double height_u = 1.0;
        if (s.units && (d->kind == DefKind::tray || d->kind == DefKind::device)) {
            Scope tmp{&global_, {}};
            std::vector<Param> tparams;
            for (const auto& st : d->body)
                if (st.kind == StmtKind::assign && st.name == "height") {
                    auto it = ov.find("height");
                    Value hv = it != ov.end() ? it->second.value : eval(*st.value, tmp);
                    if (hv.ok() && hv.k == Value::K::num) height_u = hv.v / kRackUnitM;
                }
            auto it = ov.find("height");
            if (it != ov.end() && it->second.value.k == Value::K::num) height_u = it->second.value.v / kRackUnitM;
            long need = static_cast<long>(std::llround(height_u)) * count;
            if (static_cast<long>(units.size()) != need) {
                error(Diag::unit_positions, s.units->loc,
                      fmt::format("{} instance{} of {:g} U need {} rack units, but units(...) lists {}",
                                  count, count == 1 ? "" : "s", height_u, need, units.size()));
                units.clear();
            }
        }
        std::size_t next_unit = 0;
        for (long i = 0; i < count; ++i) {
            std::string nm = s.name;
            if (s.count) append_index(nm, i);
            std::string path = n.path;
            if (!path.empty()) path.push_back('.');
            path.append(nm);
            int32_t slot = -1;
            if (d->kind == DefKind::rack) slot = next_rack_slot_++;
            double ub = -1.0;
            if (!units.empty()) {
                ub = units[next_unit];
                next_unit += static_cast<std::size_t>(std::llround(height_u));
            }
            Node* child = instantiate(*d, &n, nm, path, ov, s.loc, depth + 1, slot, ub);
            if (!child) return;
            n.members[s.name].nodes.push_back(child);
            if (diags_.at_limit()) return;
        }
    }

    // ---- routes ------------------------------------------------------------------------
    void route(Node& n, const Stmt& s, Scope& sc) {
        RouteT r;
        r.loc = s.loc;
        bool ok = true;
        for (const auto& seg : s.args) {
            const Def* part = find_def(seg.name);
            std::optional<graphs::SegKind> kind;
            std::vector<Param> params;
            std::string part_name;
            if (part && part->kind == DefKind::part) {
                kind = graphs::parse_segkind(part->subkind);
                if (!kind) {
                    error(Diag::bad_segment, seg.loc,
                          fmt::format("'{}' is a {} part, not a channel segment", seg.name, part->subkind));
                    ok = false;
                    continue;
                }
                params = part_params(*part);
                part_name = part->name;
            } else {
                kind = graphs::parse_segkind(seg.name);
                if (!kind) {
                    std::vector<std::string> names;
                    for (int i = 0; i <= static_cast<int>(graphs::SegKind::touchstone); ++i)
                        names.emplace_back(graphs::to_string(static_cast<graphs::SegKind>(i)));
                    for (const auto& [k, d] : defs_)
                        if (d->kind == DefKind::part && graphs::parse_segkind(d->subkind)) names.push_back(k);
                    error(Diag::bad_segment, seg.loc,
                          with_suggestion(fmt::format("'{}' is neither a segment kind nor a segment part", seg.name),
                                          seg.name, names));
                    ok = false;
                    continue;
                }
            }
            const KindSpec* spec = find_kind(DefKind::part, graphs::to_string(*kind));
            SegT st;
            st.loc = seg.loc;
            for (const auto& p : params) {
                if (p.name == "length" && !p.is_text) st.length_m = p.value;
                if (p.name == "count" && !p.is_text) st.count = p.value;
            }
            for (const auto& a : seg.value->args) {
                if (a.name.empty()) {
                    error(Diag::expected, a.loc, "segment arguments are named: twinax(awg = 26, length = 0.6 m)");
                    ok = false;
                    continue;
                }
                if (a.name == "on") {
                    Node* target = resolve_node(*a.value, sc, n);
                    if (!target) {
                        ok = false;
                        continue;
                    }
                    st.element = static_cast<int32_t>(target->v);
                    params.push_back(to_param("on", Value::str(builder_.peek().graph()[target->v].name), a.loc));
                    continue;
                }
                Value v = eval(*a.value, sc);
                if (!v.ok()) {
                    ok = false;
                    continue;
                }
                if (a.name == "length" && v.k == Value::K::auto_) {
                    if (*kind != graphs::SegKind::twinax && *kind != graphs::SegKind::active_copper &&
                        *kind != graphs::SegKind::fiber) {
                        error(Diag::auto_length, a.loc, "length = auto is for cables (twinax, active_copper, fiber)");
                        ok = false;
                    }
                    st.auto_len = true;
                    continue;
                }
                std::vector<Param> one;
                if (!add_param(spec, a.name, v, a.value->loc, false, one, a.loc)) {
                    ok = false;
                    continue;
                }
                if (a.name == "length") st.length_m = v.v;
                if (a.name == "count") st.count = v.v;
                params.insert(params.end(), one.begin(), one.end());
            }
            // The spec holds everything but the length, which may differ per link.
            std::vector<Param> spec_params;
            for (auto& p : params)
                if (p.name != "length") spec_params.push_back(p);
            graphs::SegmentSpec ss;
            ss.kind = *kind;
            ss.part = part_name;
            ss.params = intern_params(spec_params);
            ss.loc = seg.loc;
            st.spec = builder_.add_segment_spec(std::move(ss));
            r.segs.push_back(st);
        }
        if (!ok) return;
        r.model_route = builder_.add_route({s.name, s.loc});
        auto [it, fresh] = n.routes.emplace(s.name, r);
        if (!fresh) it->second = r;  // a route redefined in a later branch replaces the earlier one
    }

    const RouteT* find_route(Node& n, const std::string& name) {
        for (Node* p = &n; p; p = p->parent) {
            auto it = p->routes.find(name);
            if (it != p->routes.end()) return &it->second;
        }
        return nullptr;
    }

    // ---- paths and connections -----------------------------------------------------------
    struct Ref {
        Node* node = nullptr;
        Member* member = nullptr;   // a whole vector member
        PortGroup* port = nullptr;
        long index = 0;
    };

    std::optional<Ref> resolve(const Expr& e, Scope& sc, Node& base) {
        switch (e.kind) {
            case ExprKind::ident: return lookup(base, e.text, e.loc);
            case ExprKind::member: {
                auto b = resolve(*e.lhs, sc, base);
                if (!b) return std::nullopt;
                if (!b->node) {
                    error(Diag::not_a_port, e.loc,
                          b->member ? "index the vector before selecting a member (e.g. gpu[0].nvl)"
                                    : "a port has no members");
                    return std::nullopt;
                }
                return lookup(*b->node, e.text, e.loc);
            }
            case ExprKind::index: {
                auto b = resolve(*e.lhs, sc, base);
                if (!b) return std::nullopt;
                Member* m = b->member;
                if (!m) {
                    error(Diag::type_mismatch, e.loc, "only vectors can be indexed");
                    return std::nullopt;
                }
                long size = m->is_port ? static_cast<long>(m->ports->used.size()) : static_cast<long>(m->nodes.size());
                Value iv = eval(*e.rhs, sc);
                if (!iv.ok()) return std::nullopt;
                if (!is_int(iv)) {
                    error(Diag::type_mismatch, e.rhs->loc, fmt::format("an index must be a whole plain number, got {}", describe(iv)));
                    return std::nullopt;
                }
                long i = static_cast<long>(iv.v);
                if (i < 0 || i >= size) {
                    error(Diag::index_out_of_range, e.rhs->loc,
                          fmt::format("index {} is out of range: the vector has {} element{} (0..<{})", i, size,
                                      size == 1 ? "" : "s", size));
                    return std::nullopt;
                }
                Ref r;
                if (m->is_port) {
                    r.port = m->ports;
                    r.index = i;
                } else {
                    r.node = m->nodes[static_cast<std::size_t>(i)];
                }
                return r;
            }
            default:
                error(Diag::expected, e.loc, "expected an instance path such as compute[t].gpu[g].nvl[2*s + c]");
                return std::nullopt;
        }
    }

    std::optional<Ref> lookup(Node& n, const std::string& name, SourceLoc loc) {
        auto it = n.members.find(name);
        if (it == n.members.end()) {
            std::string where = n.path.empty() ? n.def->name : n.path;
            error(Diag::unknown_name, loc,
                  with_suggestion(fmt::format("'{}' has no member '{}'", where, name), name, n.member_order));
            return std::nullopt;
        }
        Member& m = it->second;
        Ref r;
        if (m.vector) {
            r.member = &m;
        } else if (m.is_port) {
            r.port = m.ports;
        } else if (!m.nodes.empty()) {
            r.node = m.nodes[0];
        } else {
            return std::nullopt;
        }
        return r;
    }

    Node* resolve_node(const Expr& e, Scope& sc, Node& base) {
        auto r = resolve(e, sc, base);
        if (!r) return nullptr;
        if (!r->node) {
            error(Diag::type_mismatch, e.loc, "expected an instance (e.g. midplane or nvsw[3])");
            return nullptr;
        }
        return r->node;
    }

    std::string port_name(const PortGroup& g, long i) const {
        std::string out;
        const std::string& owner = g.owner->path;
        out.reserve(owner.size() + g.name.size() + 8);
        if (!owner.empty()) out.append(owner).push_back('.');
        out.append(g.name);
        if (g.vector) append_index(out, i);
        return out;
    }

    static void append_index(std::string& out, long i) {
        char buf[24];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, i);
        out.push_back('[');
        out.append(buf, end);
        out.push_back(']');
    }

    void connect(Node& n, const Stmt& s, Scope& sc) {
        auto a = resolve(*s.a, sc, n);
        auto b = resolve(*s.b, sc, n);
        if (!a || !b) return;
        for (auto [r, e] : {std::pair{&*a, s.a.get()}, std::pair{&*b, s.b.get()}}) {
            if (!r->port) {
                error(Diag::not_a_port, e->loc,
                      r->member ? "this is a whole vector; a connection joins one port (index it)"
                                : "a connection joins device ports; this is an instance");
                return;
            }
        }
        const RouteT* route = find_route(n, s.type);
        if (!route) {
            std::vector<std::string> names;
            for (Node* p = &n; p; p = p->parent)
                for (const auto& [k, r] : p->routes) names.push_back(k);
            error(Diag::unknown_route, s.type_loc,
                  with_suggestion(fmt::format("unknown route '{}'", s.type), s.type, names));
            return;
        }
        PortGroup& pa = *a->port;
        PortGroup& pb = *b->port;
        const auto& profiles = builder_.peek().profiles();
        if (pa.profile != pb.profile) {
            auto& d = diags_.report(Diag::profile_mismatch, s.loc,
                                    fmt::format("cannot connect {} ({}) to {} ({}): different SerDes profiles",
                                                port_name(pa, a->index), profiles[pa.profile].name,
                                                port_name(pb, b->index), profiles[pb.profile].name));
            d.notes.emplace_back(pa.decl->loc, fmt::format("'{}' is declared here", pa.name));
            d.notes.emplace_back(pb.decl->loc, fmt::format("'{}' is declared here", pb.name));
            return;
        }
        if (pa.lanes != pb.lanes) {
            error(Diag::lane_mismatch, s.loc,
                  fmt::format("cannot connect {} (x{}) to {} (x{}): different lane counts",
                              port_name(pa, a->index), pa.lanes, port_name(pb, b->index), pb.lanes));
            return;
        }
        for (auto [g, i, e] : {std::tuple{&pa, a->index, s.a.get()}, std::tuple{&pb, b->index, s.b.get()}}) {
            if (g->used[static_cast<std::size_t>(i)]) {
                auto& d = diags_.report(Diag::port_oversubscribed, e->loc,
                                        fmt::format("port {} is already connected", port_name(*g, i)));
                d.notes.emplace_back(g->first_use[static_cast<std::size_t>(i)], "first connected here");
                return;
            }
        }
        if (&pa == &pb && a->index == b->index) {
            error(Diag::port_oversubscribed, s.loc, "a port cannot be connected to itself");
            return;
        }
        pa.used[static_cast<std::size_t>(a->index)] = 1;
        pb.used[static_cast<std::size_t>(b->index)] = 1;
        pa.first_use[static_cast<std::size_t>(a->index)] = s.loc;
        pb.first_use[static_cast<std::size_t>(b->index)] = s.loc;

        std::vector<graphs::Segment> segs;
        segs.reserve(route->segs.size());
        for (const auto& st : route->segs) {
            graphs::Segment sg;
            sg.spec = st.spec;
            sg.count = st.count;
            sg.element = st.element;
            sg.length_m = st.auto_len ? auto_length(pa.owner->v, pb.owner->v, st.loc) : st.length_m;
            segs.push_back(sg);
        }
        graphs::Link l;
        l.profile = pa.profile;
        l.lanes = static_cast<uint16_t>(pa.lanes);
        const auto& pp = builder_.peek().param_sets()[profiles[pa.profile].params];
        l.fabric = graphs::parse_fabric(pp.text("fabric", "scale_up")).value_or(graphs::Fabric::scale_up);
        l.route = route->model_route;
        l.port_a = port_name(pa, a->index);
        l.port_b = port_name(pb, b->index);
        l.loc = s.loc;
        builder_.add_link(pa.owner->v, pb.owner->v, std::move(l), segs);
    }

    /// Cable length from rack geometry (docs/language.md, "Cable length from geometry"):
    /// same rack: vertical distance between the two trays' centres + the rack's routing
    /// allowance; different racks: both runs up to the rack top, the horizontal distance
    /// between the racks (slot difference x rack width) and both allowances.
    double auto_length(Vertex a, Vertex b, SourceLoc loc) {
        const auto& g = builder_.peek().graph();
        const auto& ps = builder_.peek().param_sets();
        auto positioned = [&](Vertex v) -> int32_t {
            for (int32_t x = static_cast<int32_t>(v); x >= 0; x = g[static_cast<Vertex>(x)].parent)
                if (!std::isnan(g[static_cast<Vertex>(x)].u_bottom)) return x;
            return -1;
        };
        int32_t ta = positioned(a), tb = positioned(b);
        int32_t ra = rack_of_[a], rb = rack_of_[b];
        if (ta < 0 || tb < 0 || ra < 0 || rb < 0) {
            if (!auto_warned_) {
                error(Diag::auto_length, loc,
                      fmt::format("length = auto needs both ends in trays placed in a rack with 'at units(...)' "
                                  "(here: {} -- {})", g[a].name, g[b].name));
                auto_warned_ = true;
            }
            return 0.0;
        }
        auto centre = [&](int32_t t) {
            const Element& e = g[static_cast<Vertex>(t)];
            return e.u_bottom - 1.0 + e.u_height / 2.0;  // in U from the rack floor
        };
        auto rack_param = [&](int32_t r, const char* k, double fb) {
            return ps[g[static_cast<Vertex>(r)].params].get(k, fb);
        };
        // Racks are finished after their contents: read their parameters from the cache.
        auto allowance = [&](int32_t r) { return rack_value(r, "routing_allowance", 0.0, rack_param); };
        if (ra == rb) return std::fabs(centre(ta) - centre(tb)) * kRackUnitM + allowance(ra);
        double ha = rack_value(ra, "height", 48 * kRackUnitM, rack_param) / kRackUnitM;
        double hb = rack_value(rb, "height", 48 * kRackUnitM, rack_param) / kRackUnitM;
        double width = rack_value(ra, "width", 0.6, rack_param);  // 600 mm: common 19-in rack width
        double horizontal = std::fabs(static_cast<double>(g[static_cast<Vertex>(ra)].rack_slot -
                                                          g[static_cast<Vertex>(rb)].rack_slot)) * width;
        return ((ha - centre(ta)) + (hb - centre(tb))) * kRackUnitM + horizontal + allowance(ra) + allowance(rb);
    }

    template <class F>
    double rack_value(int32_t rack, const char* key, double fb, F&& rack_param) {
        // A rack's own parameters are interned only after its body ran; while connections inside
        // it elaborate, evaluate the assignment from its definition instead.
        const Element& e = builder_.peek().graph()[static_cast<Vertex>(rack)];
        if (e.params != 0) return rack_param(rack, key, fb);
        auto it = rack_defaults_.find({rack, key});
        if (it != rack_defaults_.end()) return it->second;
        double v = fb;
        const Def* d = find_def(e.type);
        if (d) {
            Scope sc{&global_, {}};
            for (const auto& s : d->body)
                if (s.kind == StmtKind::assign && s.name == key) {
                    Value x = eval(*s.value, sc);
                    if (x.ok() && x.k == Value::K::num) v = x.v;
                }
        }
        rack_defaults_[{rack, key}] = v;
        return v;
    }

    // ---- final checks --------------------------------------------------------------------
    void check_unconnected() {
        struct Agg {
            long count = 0;
            std::string example;
            long instances = 0;
        };
        std::map<const Stmt*, Agg> agg;
        std::vector<const Stmt*> order;
        for (const auto& g : ports_) {
            if (g.spare) continue;
            long missing = 0;
            long first = -1;
            for (std::size_t i = 0; i < g.used.size(); ++i)
                if (!g.used[i]) {
                    ++missing;
                    if (first < 0) first = static_cast<long>(i);
                }
            if (!missing) continue;
            auto [it, fresh] = agg.emplace(g.decl, Agg{});
            if (fresh) {
                order.push_back(g.decl);
                it->second.example = port_name(g, first);
            }
            it->second.count += missing;
            it->second.instances += 1;
        }
        for (const Stmt* s : order) {
            const Agg& a = agg[s];
            error(Diag::port_unconnected, s->name_loc,
                  fmt::format("{} port{} of '{}' {} unconnected on {} device{} (e.g. {}); connect them or "
                              "declare the port 'spare'",
                              a.count, a.count == 1 ? "" : "s", s->name, a.count == 1 ? "is" : "are",
                              a.instances, a.instances == 1 ? "" : "s", a.example));
        }
    }

    void run_asserts() {
        in_asserts_ = true;
        for (auto& a : asserts_) {
            Value v = eval(*a.stmt->value, a.snapshot, a.node);
            if (!v.ok()) continue;
            if (!truthy(v, a.stmt->value->loc)) {
                std::string where = a.node ? (a.node->path.empty() ? a.node->def->name : a.node->path) : "";
                error(Diag::assertion_failed, a.stmt->loc,
                      fmt::format("assertion failed{}{}", a.stmt->message.empty() ? "" : ": " + a.stmt->message,
                                  where.empty() ? "" : " (in " + where + ")"));
            }
        }
        in_asserts_ = false;
    }

    const SourceManager& sm_;
    DiagnosticEngine& diags_;
    const std::vector<FileAst>& files_;
    uint32_t main_file_;
    const std::vector<std::pair<std::string, std::string>>& sets_;
    ModelBuilder builder_;
    std::map<std::string, const Def*> defs_;
    Scope global_;
    std::vector<Param> global_params_;
    std::map<const Def*, std::vector<Param>> part_cache_;
    std::map<const Def*, uint32_t> profile_ids_;
    std::unordered_map<std::string, uint32_t> param_cache_;
    std::deque<Node> nodes_;
    std::deque<PortGroup> ports_;
    std::unordered_map<Vertex, int32_t> rack_of_;
    std::map<std::pair<int32_t, std::string>, double> rack_defaults_;
    std::vector<DeferredAssert> asserts_;
    int32_t next_rack_slot_ = 0;
    bool in_asserts_ = false;
    bool auto_warned_ = false;
};

}  // namespace

std::optional<graphs::Model> elaborate(const SourceManager& sm, DiagnosticEngine& diags,
                                       const std::vector<FileAst>& files, uint32_t main_file,
                                       const std::vector<std::pair<std::string, std::string>>& sets) {
    return Elaborator(sm, diags, files, main_file, sets).run();
}

}  // namespace racklink::hdl
