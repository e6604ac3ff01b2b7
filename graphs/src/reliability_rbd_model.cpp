#include "graphs/reliability_rbd_model.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "graphs/reliability.hpp"
#include "graphs/reliability_repair.hpp"

namespace racklink::graphs {

namespace {
bool is_block_kind(std::string_view s) {
    return s == "series" || s == "parallel" || s == "k_of_n" || s == "standby";
}
bool reserved(std::string_view s) { return s == "k" || s == "dormant" || s == "crews"; }

struct Builder {
    const Model& m;
    const PartDef& root;
    double t_op_k;
    Rbd rbd;
    std::string error;
    std::vector<std::string> stack;  // rbd parts being expanded (cycle check)

    void fail(SourceLoc loc, const std::string& msg, int code) {
        if (error.empty())
            error = fmt::format("{}: error: rbd '{}': {} [REL-{:04d}]",
                                m.where(loc.valid() ? loc : root.loc), root.name, msg, code);
    }

    // The block written as `key` in `ps` (text value: a block kind or a part name).
    std::optional<uint32_t> block(const ParamSet& ps, const std::string& key, const std::string& path) {
        const Param* p = ps.find(key);
        if (!p || !p->is_text) {
            fail(p ? p->loc : SourceLoc{}, fmt::format("'{}' must be a block or a part name", key), 401);
            return std::nullopt;
        }
        std::string prefix = key + ".";
        bool has_args = std::any_of(ps.items.begin(), ps.items.end(), [&](const Param& q) {
            return q.name.rfind(prefix, 0) == 0;
        });
        if (is_block_kind(p->text) && has_args) return nested(ps, key, *p, path);
        return named(p->text, p->loc, path);
    }

    std::optional<uint32_t> nested(const ParamSet& ps, const std::string& key, const Param& p,
                                   const std::string& path) {
        std::string prefix = key + ".";
        std::vector<uint32_t> kids;
        for (const Param& q : ps.items) {
            if (q.name.rfind(prefix, 0) != 0) continue;
            std::string arg = q.name.substr(prefix.size());
            if (arg.find('.') != std::string::npos || reserved(arg)) continue;
            auto b = block(ps, q.name, path + "." + arg);
            if (!b) return std::nullopt;
            kids.push_back(*b);
        }
        if (kids.empty()) {
            fail(p.loc, fmt::format("'{}' has no children", key), 402);
            return std::nullopt;
        }
        auto num = [&](const char* f, double def) {
            const Param* q = ps.find(prefix + f);
            return q && !q->is_text ? q->value : def;
        };
        double k = num("k", p.text == "k_of_n" ? -1 : 1);
        double dormant = num("dormant", 0.0), crews = num("crews", 0.0);
        if (p.text == "k_of_n" && k < 0) {
            fail(p.loc, fmt::format("'{}': a k_of_n block needs 'k'", key), 403);
            return std::nullopt;
        }
        if (k < 1 || k > kids.size() || k != std::floor(k)) {
            fail(p.loc, fmt::format("'{}': k = {:g} is not in 1..{}", key, k, kids.size()), 403);
            return std::nullopt;
        }
        if (dormant < 0 || dormant > 1 || crews < 0 || crews != std::floor(crews)) {
            fail(p.loc, fmt::format("'{}': 'dormant' must be in [0, 1] and 'crews' a whole number", key), 403);
            return std::nullopt;
        }
        uint32_t id;
        if (p.text == "series") id = rbd.series(kids, path);
        else if (p.text == "parallel") id = rbd.parallel(kids, path);
        else if (p.text == "k_of_n") id = rbd.k_of_n(static_cast<uint32_t>(k), kids, path);
        else id = rbd.standby(kids, static_cast<uint32_t>(k), dormant, static_cast<uint32_t>(crews), path);
        if (crews > 0) rbd.set_crews(id, static_cast<uint32_t>(crews));
        return id;
    }

    std::optional<uint32_t> named(const std::string& name, SourceLoc loc, const std::string& path) {
        const PartDef* def = m.find_part(name);
        if (!def) {
            fail(loc, fmt::format("'{}' is not a block kind (series, parallel, k_of_n, standby) "
                                  "or a defined part", name), 404);
            return std::nullopt;
        }
        const ParamSet& ps = m.param_sets().at(def->params);
        if (def->kind == "rbd") {
            if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
                fail(loc, fmt::format("'{}' contains itself", name), 405);
                return std::nullopt;
            }
            stack.push_back(name);
            auto b = block(ps, "top", path);
            stack.pop_back();
            return b;
        }
        std::string err;
        SourceLoc eloc;
        std::optional<double> rate = failure_rate(ps, t_op_k, err, eloc);
        if (!rate) {
            fail(eloc.valid() ? eloc : def->loc, name + ": " + err, 406);
            return std::nullopt;
        }
        if (*rate <= 0) {
            fail(def->loc, fmt::format("part '{}' has no failure data", name), 407);
            return std::nullopt;
        }
        const Param* rp = ps.find("repair");
        double mttr = 0.0;
        if (rp && rp->is_text) {
            const PartDef* rd = m.find_part(rp->text);
            if (!rd) {
                fail(rp->loc, fmt::format("repair class '{}' is not defined", rp->text), 408);
                return std::nullopt;
            }
            RepairRead rr = read_repair_class(m, *rd);
            if (!rr.value) {
                if (error.empty()) error = rr.error;
                return std::nullopt;
            }
            mttr = rr.value->mttr_s();
        } else {
            fail(def->loc, fmt::format("part '{}' has no repair class (`repair`)", name), 409);
            return std::nullopt;
        }
        return rbd.leaf(rbd.add_component({path + " (" + name + ")", *rate, mttr}));
    }
};
}  // namespace

RbdRead read_rbd(const Model& model, const PartDef& part, double t_op_k) {
    RbdRead out;
    Builder b{model, part, t_op_k, {}, {}, {part.name}};
    const ParamSet& ps = model.param_sets().at(part.params);
    if (!ps.has("top")) {
        out.error = fmt::format("{}: error: rbd '{}': needs 'top' = series(...), parallel(...), "
                                "k_of_n(...) or standby(...) [REL-0410]",
                                model.where(part.loc), part.name);
        return out;
    }
    std::optional<uint32_t> top = b.block(ps, "top", part.name);
    if (!top) {
        out.error = b.error;
        return out;
    }
    b.rbd.set_top(*top);
    if (std::string e = b.rbd.check(); !e.empty()) {
        out.error = fmt::format("{}: error: rbd '{}': {} [REL-0411]", model.where(part.loc), part.name, e);
        return out;
    }
    RbdFigures f;
    f.name = part.name;
    f.availability = availability(b.rbd);
    bool cold_only = std::all_of(b.rbd.blocks().begin(), b.rbd.blocks().end(), [](const RbdBlock& x) {
        return x.type != BlockType::standby || x.dormant_factor == 0;
    });
    f.mttf_s = cold_only ? mttf(b.rbd) : kNaN;
    std::vector<double> q;
    for (const RbdComponent& c : b.rbd.components()) q.push_back(c.unavailability());
    f.importance = importance(b.rbd, q, markov_block_unavailability(b.rbd));
    f.rbd = std::move(b.rbd);
    out.value = std::move(f);
    return out;
}

}  // namespace racklink::graphs
