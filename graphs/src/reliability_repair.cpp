#include "graphs/reliability_repair.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

namespace racklink::graphs {

namespace {
bool reserved(std::string_view name) {
    return std::find(kRepairReserved.begin(), kRepairReserved.end(), name) !=
           kRepairReserved.end();
}

// Steps that normally precede the hands-on work (MIL-HDBK-472 "localization/isolation" and
// the job drain of a cluster scheduler).
bool is_pre_step(std::string_view name) {
    for (std::string_view p : {"detect", "detection", "isolate", "isolation", "fault_isolation",
                               "diagnose", "diagnosis", "drain", "requeue"})
        if (name == p) return true;
    return false;
}

struct FieldSpec {
    DistKind kind;
    std::array<std::string_view, 3> fields;
    int count;
};
constexpr FieldSpec kFields[] = {
    {DistKind::fixed, {"value"}, 1},
    {DistKind::exponential, {"mean"}, 1},
    {DistKind::lognormal, {"median", "sigma"}, 2},
    {DistKind::uniform, {"min", "max"}, 2},
    {DistKind::triangular, {"min", "mode", "max"}, 3},
};
}  // namespace

double RepairClass::mttr_s() const {
    double s = 0.0;
    for (const RepairStep& st : steps) s += st.time.mean();
    return s;
}

int RepairClass::dominant_step() const {
    int best = -1;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (best < 0 || steps[i].time.mean() > steps[best].time.mean()) best = static_cast<int>(i);
    return best;
}

std::optional<Distribution> read_distribution(const ParamSet& params, std::string_view name,
                                              std::string& error) {
    const Param* p = params.find(name);
    if (!p) {
        error = fmt::format("'{}' is missing", name);
        return std::nullopt;
    }
    Distribution d;
    if (!p->is_text) {
        d = Distribution::fixed(p->value);
    } else {
        std::optional<DistKind> kind = parse_dist_kind(p->text);
        // `lognormal(mean = ..., sigma = ...)` is accepted as an alternative to the median.
        if (!kind) {
            error = fmt::format(
                "'{}': unknown distribution '{}' (expected fixed, exponential, lognormal, "
                "uniform or triangular)",
                name, p->text);
            return std::nullopt;
        }
        const FieldSpec* spec = nullptr;
        for (const FieldSpec& f : kFields)
            if (f.kind == *kind) spec = &f;
        double v[3] = {0, 0, 0};
        std::string prefix = std::string(name) + ".";
        // Every written field must be known.
        // `low`/`high` are accepted for `min`/`max` (the standard library's spelling).
        auto canonical = [](std::string_view f) -> std::string_view {
            return f == "low" ? "min" : f == "high" ? "max" : f;
        };
        auto find_field = [&](std::string_view field) -> const Param* {
            if (const Param* f = params.find(prefix + std::string(field))) return f;
            if (field == "min") return params.find(prefix + "low");
            if (field == "max") return params.find(prefix + "high");
            return nullptr;
        };
        for (const Param& q : params.items) {
            if (q.name.rfind(prefix, 0) != 0) continue;
            std::string_view field = canonical(std::string_view(q.name).substr(prefix.size()));
            if (field.find('.') != std::string_view::npos) continue;
            bool known = field == "mean" && *kind == DistKind::lognormal;
            for (int i = 0; i < spec->count; ++i) known = known || field == spec->fields[i];
            if (!known) {
                std::string expected;
                for (int i = 0; i < spec->count; ++i)
                    expected += (i ? ", " : "") + std::string(spec->fields[i]);
                error = fmt::format("'{}': a {} distribution has no field '{}' (expected {})",
                                    name, p->text, field, expected);
                return std::nullopt;
            }
        }
        for (int i = 0; i < spec->count; ++i) {
            const Param* f = find_field(spec->fields[i]);
            if (*kind == DistKind::lognormal && i == 0 && !f) {
                const Param* mean = params.find(prefix + "mean");
                const Param* sigma = params.find(prefix + "sigma");
                if (mean && sigma && !mean->is_text && !sigma->is_text) {
                    v[0] = mean->value * std::exp(-sigma->value * sigma->value / 2);
                    continue;
                }
            }
            if (!f || f->is_text) {
                error = fmt::format("'{}': the {} distribution needs '{}'", name, p->text,
                                    spec->fields[i]);
                return std::nullopt;
            }
            v[i] = f->value;
        }
        d = Distribution{*kind, v[0], v[1], v[2]};
    }
    if (std::string e = d.check(); !e.empty()) {
        error = fmt::format("'{}': {}", name, e);
        return std::nullopt;
    }
    return d;
}

RepairRead read_repair_class(const Model& model, const PartDef& part) {
    RepairRead out;
    const ParamSet& ps = model.param_sets().at(part.params);
    auto fail = [&](SourceLoc loc, const std::string& msg, int code) {
        out.error = fmt::format("{}: error: repair '{}': {} [REL-{:04d}]",
                                model.where(loc.valid() ? loc : part.loc), part.name, msg, code);
        return out;
    };
    if (part.kind != "repair") return fail(part.loc, "is a '" + part.kind + "', not a repair", 101);
    RepairClass rc;
    rc.name = part.name;
    rc.loc = part.loc;
    rc.source = std::string(ps.text("source"));
    for (const Param& p : ps.items) {
        if (p.name.find('.') != std::string::npos || reserved(p.name)) continue;
        std::string err;
        std::optional<Distribution> d = read_distribution(ps, p.name, err);
        if (!d) return fail(p.loc, err, 102);
        rc.steps.push_back({p.name, *d, p.loc});
    }
    // Fields of a step that does not exist (e.g. `detect.median` without `detect`).
    for (const Param& p : ps.items) {
        auto dot = p.name.find('.');
        if (dot == std::string::npos) continue;
        if (!ps.has(std::string_view(p.name).substr(0, dot)))
            return fail(p.loc, fmt::format("'{}' is a field of a step that is not defined",
                                           p.name), 103);
    }
    if (rc.steps.empty()) return fail(part.loc, "has no steps", 104);
    std::stable_sort(rc.steps.begin(), rc.steps.end(), [](const RepairStep& a, const RepairStep& b) {
        return std::tie(a.loc.file, a.loc.line, a.loc.col) <
               std::tie(b.loc.file, b.loc.line, b.loc.col);
    });
    for (std::string_view flag : {"spare", "crew", "factory"}) {
        const Param* p = ps.find(flag);
        if (!p) continue;
        if (p->is_text || (p->value != 0 && p->value != 1))
            return fail(p->loc, fmt::format("'{}' must be 0 or 1", flag), 105);
    }
    rc.needs_spare = ps.get("spare", 0.0) == 1.0;
    rc.needs_crew = ps.get("crew", 1.0) == 1.0;
    rc.factory = ps.get("factory", 0.0) == 1.0;
    if (ps.has("restock")) {
        std::string err;
        rc.restock = read_distribution(ps, "restock", err);
        if (!rc.restock) return fail(ps.find("restock")->loc, err, 102);
    }
    if (const Param* pool = ps.find("pool")) {
        if (pool->is_text || pool->value < 0 || pool->value != std::floor(pool->value))
            return fail(pool->loc, "'pool' must be a whole number >= 0", 107);
        rc.pool = static_cast<uint32_t>(pool->value);
    }
    if (const Param* h = ps.find("hands_on")) {
        auto it = std::find_if(rc.steps.begin(), rc.steps.end(),
                               [&](const RepairStep& s) { return s.name == h->text; });
        if (!h->is_text || it == rc.steps.end())
            return fail(h->loc, fmt::format("'hands_on' must name one of its steps"), 106);
        rc.hands_on_from = static_cast<uint32_t>(it - rc.steps.begin());
    } else {
        while (rc.hands_on_from < rc.steps.size() && is_pre_step(rc.steps[rc.hands_on_from].name))
            ++rc.hands_on_from;
    }
    out.value = std::move(rc);
    return out;
}

double weighted_mttr(const std::vector<double>& rates_per_s, const std::vector<double>& mttr_s) {
    double num = 0.0, den = 0.0;
    for (std::size_t i = 0; i < rates_per_s.size() && i < mttr_s.size(); ++i) {
        num += rates_per_s[i] * mttr_s[i];
        den += rates_per_s[i];
    }
    return den > 0 ? num / den : 0.0;
}

}  // namespace racklink::graphs
