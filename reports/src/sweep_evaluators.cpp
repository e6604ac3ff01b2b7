// Binding evaluators to studies, and the built-in evaluators (cost_per_token, reach, twinax_reach).
#include <cmath>
#include <limits>
#include <memory>

#include "reports/cost.hpp"
#include "sigint/media.hpp"
#include "sigint/reach.hpp"
#include "reports/sweep.hpp"

namespace racklink::reports {

namespace {

const EvaluatorSpec::Param* find_param(const EvaluatorSpec& spec, std::string_view name) {
    for (const auto& p : spec.params)
        if (p.name == name) return &p;
    return nullptr;
}

const EvaluatorSpec::Output* find_output(const EvaluatorSpec& spec, std::string_view name) {
    for (const auto& o : spec.outputs)
        if (o.name == name) return &o;
    return nullptr;
}

Unit unit_of(const std::string& text) {
    auto u = parse_unit(text);
    if (!u) throw std::logic_error("evaluator declares an invalid unit '" + text + "'");
    return *u;
}

std::string names_of(const auto& list) {
    std::string s;
    for (const auto& x : list) s += (s.empty() ? "" : ", ") + x.name;
    return s;
}

}  // namespace

std::vector<StudyError> check_study(Study& st, const EvaluatorSpec& spec) {
    std::vector<StudyError> errors;
    for (const auto& p : st.params) {
        const auto* sp = find_param(spec, p.name);
        if (!sp) {
            errors.push_back({p.loc, "evaluator '" + st.evaluator + "' has no parameter '" +
                                         p.name + "' (parameters: " + names_of(spec.params) + ")"});
            continue;
        }
        Unit want = unit_of(sp->unit);
        if (want.dims != p.dims)
            errors.push_back({p.loc, "'" + p.name + "' is in " + p.unit + " but evaluator '" +
                                         st.evaluator + "' expects " + sp->unit});
    }
    for (const auto& sp : spec.params) {
        if (sp.default_si) continue;
        bool given = false;
        for (const auto& p : st.params) given = given || p.name == sp.name;
        if (!given)
            errors.push_back({st.evaluator_loc, "evaluator '" + st.evaluator + "' needs parameter '" +
                                                    sp.name + "' [" + sp.unit + "]"});
    }
    for (auto& o : st.outputs) {
        const auto* so = find_output(spec, o.name);
        if (!so) {
            errors.push_back({o.loc, "evaluator '" + st.evaluator + "' has no output '" + o.name +
                                         "' (outputs: " + names_of(spec.outputs) + ")"});
            continue;
        }
        Unit have = unit_of(so->unit);
        if (o.unit.empty()) {
            o.unit = so->unit;
            o.parsed = have;
        } else if (have.dims != o.parsed.dims) {
            errors.push_back({o.loc, "output '" + o.name + "' is in " + so->unit + ", not " + o.unit});
        }
    }
    return errors;
}

EvalFn bind_evaluator(const Study& st, const EvaluatorSpec& spec) {
    // The evaluator sees its own parameter list: study values where swept, defaults elsewhere.
    auto names = std::make_shared<std::vector<SweepParam>>();
    std::vector<int> from_study;  // study parameter index or -1
    std::vector<double> defaults;
    for (const auto& sp : spec.params) {
        SweepParam p;
        p.name = sp.name;
        names->push_back(p);
        int idx = -1;
        for (std::size_t i = 0; i < st.params.size(); ++i)
            if (st.params[i].name == sp.name) idx = static_cast<int>(i);
        from_study.push_back(idx);
        defaults.push_back(sp.default_si.value_or(std::numeric_limits<double>::quiet_NaN()));
    }
    // Output selection and unit conversion: study value = (evaluator SI - offset) / scale.
    struct Pick {
        std::size_t index;
        Unit from, to;
    };
    std::vector<Pick> picks;
    for (const auto& o : st.outputs)
        for (std::size_t j = 0; j < spec.outputs.size(); ++j)
            if (spec.outputs[j].name == o.name)
                picks.push_back({j, unit_of(spec.outputs[j].unit), o.unit.empty()
                                                                       ? unit_of(spec.outputs[j].unit)
                                                                       : o.parsed});
    auto fn = spec.fn;
    return [names, from_study, defaults, picks, fn](const Point& p) {
        std::vector<double> v(defaults);
        for (std::size_t i = 0; i < v.size(); ++i)
            if (from_study[i] >= 0) v[i] = p.values()[static_cast<std::size_t>(from_study[i])];
        std::vector<double> all = fn(Point(names.get(), std::move(v), p.index()));
        std::vector<double> out;
        out.reserve(picks.size());
        for (const auto& k : picks) {
            if (k.index >= all.size())
                throw std::runtime_error("evaluator returned too few outputs");
            double si = all[k.index] * k.from.scale + k.from.offset;
            out.push_back((si - k.to.offset) / k.to.scale);
        }
        return out;
    };
}

EvaluatorRegistry builtin_evaluators() {
    EvaluatorRegistry reg;

    EvaluatorSpec cost;
    cost.description =
        "Cost per million tokens (reports/cost.hpp): depreciation + electricity x PUE + "
        "operations, or a stated annual cost, over throughput x availability";
    const double year = kSecondsPerCostYear;
    cost.params = {
        {"annual_cost", "USD/year", 0.0, "total cost per year; > 0 replaces the computed terms"},
        {"capex", "USD", 0.0, "hardware purchase price"},
        {"depreciation", "year", 4.0 * year, "straight-line depreciation period"},
        {"it_power", "W", 0.0, "average IT power"},
        {"pue", "1", 1.0, "power usage effectiveness"},
        {"electricity_price", "USD/kWh", 0.0, "price of energy"},
        {"operations", "USD/year", 0.0, "operations cost per year"},
        {"throughput", "tok/s", std::nullopt, "delivered tokens per second while up"},
        {"availability", "1", 1.0, "fraction of time up"},
    };
    cost.outputs = {
        {"cost_per_mtok", "USD/Mtok", "cost per million tokens"},
        {"annual_cost", "USD/year", "cost per 365-day year"},
        {"tokens_per_year", "tok/year", "tokens delivered per year"},
    };
    cost.fn = [](const Point& p) {
        CostInputs in;
        in.annual_cost_usd = p["annual_cost"] * kSecondsPerCostYear;
        in.capex_usd = p["capex"];
        in.depreciation_s = p["depreciation"];
        in.it_power_w = p["it_power"];
        in.pue = p["pue"];
        in.electricity_usd_per_j = p["electricity_price"];
        in.operations_usd_per_s = p["operations"];
        in.throughput_tok_per_s = p["throughput"];
        in.availability = p["availability"];
        CostResult r = cost_per_token(in);
        if (!r.ok()) {
            double nan = std::numeric_limits<double>::quiet_NaN();
            return std::vector<double>{nan, nan, nan};
        }
        return std::vector<double>{r.usd_per_million_tokens, r.annual_cost_usd,
                                   r.tokens_per_year};
    };
    reg.emplace("cost_per_token", std::move(cost));

    // Closed-form stand-in for the link-reach evaluator (to be replaced by the sigint reach
    // analysis): cable loss per metre alpha(f) = a sqrt(f) + b f, the conductor (skin-effect)
    // term scaling as 1/d with conductor diameter d and the dielectric term independent of d
    // (D. M. Pozar, Microwave Engineering, 4th ed., 2012, sec. 2.7 and 3.5). Reach is the
    // length at which alpha(f_N) L uses up the channel budget left after the fixed losses.
    // AWG diameter d(n) = 0.127 mm x 92^((36 - n)/39) (ASTM B258). The default loss of
    // 6 dB/m at 26.56 GHz for 26 AWG is illustrative only (order of IEEE 802.3ck CR cable
    // assemblies), not a validated cable model.
    EvaluatorSpec reach;
    reach.description =
        "Twinax reach stand-in: budget = fixed loss + (a sqrt(f) + b f) L at the Nyquist "
        "frequency, solved for L (closed form; placeholder for the sigint reach evaluator)";
    reach.params = {
        {"baud", "Bd", std::nullopt, "symbol rate (Nyquist frequency = baud / 2)"},
        {"awg", "1", 26.0, "conductor gauge (AWG)"},
        {"budget", "dB", 28.0, "channel loss budget at Nyquist, bump to bump"},
        {"fixed_loss", "dB", 10.0, "package, host trace and connector loss at Nyquist"},
        {"loss_ref", "dB/m", 6.0, "cable loss per metre at ref_freq for 26 AWG"},
        {"ref_freq", "Hz", 26.5625e9, "frequency of loss_ref"},
        {"skin_fraction", "1", 0.75, "share of the conductor (sqrt f) term in loss_ref"},
    };
    reach.outputs = {
        {"reach", "m", "cable length that uses up the budget"},
        {"loss_per_m", "dB/m", "cable loss per metre at Nyquist"},
    };
    reach.fn = [](const Point& p) {
        const double f = p["baud"] / 2.0;
        const double fref = p["ref_freq"];
        const double d_ratio = std::pow(92.0, (p["awg"] - 26.0) / 39.0);  // d(26) / d(awg)
        const double a = p["loss_ref"] * p["skin_fraction"] / std::sqrt(fref) * d_ratio;
        const double b = p["loss_ref"] * (1.0 - p["skin_fraction"]) / fref;
        const double alpha = a * std::sqrt(f) + b * f;
        const double left = p["budget"] - p["fixed_loss"];
        return std::vector<double>{left > 0.0 ? left / alpha : 0.0, alpha};
    };
    reg.emplace("twinax_reach", std::move(reach));

    // Link reach from the sigint physics (docs/sigint.md): passive twinax loss per metre at
    // the Nyquist frequency from the skin-effect + dielectric model calibrated to published
    // cable-assembly limits (sigint::twinax_loss_db_per_m), solved for the length that closes
    // the budget after the fixed losses (sigint::reach_m).
    EvaluatorSpec link_reach;
    link_reach.description =
        "Passive twinax reach from the sigint channel model: the longest cable that closes the "
        "budget at Nyquist after the fixed losses, for a gauge, dielectric and symbol rate";
    link_reach.params = {
        {"baud", "Bd", std::nullopt, "symbol rate (Nyquist frequency = baud / 2)"},
        {"awg", "1", 26.0, "conductor gauge (AWG, 24..34)"},
        {"budget", "dB", 40.0, "channel loss budget at Nyquist, bump to bump"},
        {"fixed_loss", "dB", 15.0, "packages, host traces and connectors at Nyquist"},
        {"min_margin", "dB", 0.0, "margin kept below the budget"},
    };
    link_reach.outputs = {
        {"reach", "m", "cable length that closes the budget"},
        {"loss_per_m", "dB/m", "cable loss per metre at Nyquist"},
    };
    link_reach.fn = [](const Point& p) {
        sigint::TwinaxSpec t;
        t.awg = p["awg"];
        if (auto d = sigint::find_twinax_dielectric("foam_pe")) t.dielectric = *d;
        const double per_m = sigint::twinax_loss_db_per_m(t, p["baud"] / 2.0);
        return std::vector<double>{
            sigint::reach_m(p["budget"], p["fixed_loss"], per_m, p["min_margin"]), per_m};
    };
    reg.emplace("reach", std::move(link_reach));
    return reg;
}

}  // namespace racklink::reports
