#include "graphs/sigint_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <memory>
#include <sstream>

#include "link_classes.hpp"
#include "sigint/channel.hpp"
#include "sigint/network.hpp"
#include "sigint/profiles.hpp"
#include "sigint/touchstone.hpp"

namespace racklink::graphs {

namespace sg = racklink::sigint;

std::string SigintOptions::validate() const {
    if (!std::isfinite(min_margin_db)) return "min_margin_db must be finite";
    if (!(snr.rx_headroom_db > 0)) return "snr.rx_headroom_db must be positive";
    return "";
}

std::string_view to_string(SigintStatus s) {
    switch (s) {
        case SigintStatus::ok: return "ok";
        case SigintStatus::fail: return "fail";
        case SigintStatus::error: return "error";
    }
    return "?";
}

namespace {

std::string join_names(const auto& table) {
    std::string out;
    for (const auto& x : table) {
        if (!out.empty()) out += ", ";
        out += x.name;
    }
    return out;
}

/// Turns the model's segment specs into sigint segments (length 0, count 1), once each.
class SpecConverter {
public:
    SpecConverter(const Model& m, const SigintOptions& opt) : m_(m), opt_(opt) {}

    /// The converted spec; errors go to `errors_` (file:line:col: message).
    const sg::Segment& get(uint32_t spec) {
        auto it = cache_.find(spec);
        if (it != cache_.end()) return it->second;
        return cache_.emplace(spec, convert(spec)).first->second;
    }
    const std::vector<std::string>& errors() const { return errors_; }

private:
    const Model& m_;
    const SigintOptions& opt_;
    std::map<uint32_t, sg::Segment> cache_;
    std::map<std::string, std::shared_ptr<const sg::Network>> networks_;
    std::vector<std::string> errors_;

    void error(const SegmentSpec& s, const std::string& msg) { errors_.push_back(m_.where(s.loc) + ": " + msg); }

    std::shared_ptr<const sg::Network> load_network(const SegmentSpec& spec, const std::string& path,
                                                    const std::string& port_order) {
        const std::string found = find_description_file(m_, spec.loc, path, opt_.data_dir);
        if (found.empty()) {
            error(spec, "cannot find Touchstone file '" + path + "'");
            return nullptr;
        }
        const std::string key = found + "|" + port_order;
        if (auto it = networks_.find(key); it != networks_.end()) return it->second;
        std::shared_ptr<const sg::Network> net;
        try {
            sg::Network se = sg::read_touchstone(found);
            if (se.ports() == 2) {
                net = std::make_shared<sg::Network>(std::move(se));
            } else if (se.ports() == 4) {
                std::vector<int> order = port_order.empty() ? std::vector<int>{} : sg::parse_port_order(port_order, 4);
                net = std::make_shared<sg::Network>(sg::to_mixed_mode(se, order).sdd_network());
            } else {
                error(spec, "Touchstone file '" + path + "' has " + std::to_string(se.ports()) +
                                " ports; a channel segment needs 2 (differential) or 4 (single-ended pair)");
            }
        } catch (const sg::TouchstoneError& e) {
            error(spec, std::string("in Touchstone file: ") + e.what());
        } catch (const std::invalid_argument& e) {
            error(spec, e.what());
        }
        networks_.emplace(key, net);
        return net;
    }

    sg::Segment convert(uint32_t index) {
        const SegmentSpec& spec = m_.segment_specs().at(index);
        const ParamSet& p = m_.params(spec);
        sg::Segment s;
        s.kind = sg::parse_segment_kind(to_string(spec.kind)).value_or(sg::SegmentKind::pcb_trace);
        s.label = spec.part.empty() ? std::string(sg::to_string(s.kind)) : spec.part;
        if (p.has("loss")) s.loss_db = p.get("loss", 0.0);
        if (p.has("ref_freq")) s.ref_freq_hz = p.get("ref_freq", 0.0);
        const double z_diff = p.get("impedance", 100.0);
        // Media.
        s.twinax.awg = p.get("awg", 26.0);
        if (s.twinax.awg < 20 || s.twinax.awg > 40) error(spec, "awg " + std::to_string(s.twinax.awg) + " is outside 20-40");
        {
            std::string d(p.text("dielectric", "foam_pe"));
            if (auto td = sg::find_twinax_dielectric(d)) s.twinax.dielectric = *td;
            else if (spec.kind == SegKind::twinax || spec.kind == SegKind::active_copper)
                error(spec, "unknown twinax dielectric '" + d + "' (expected " + join_names(sg::twinax_dielectrics()) + ")");
        }
        s.twinax.z_diff_ohm = z_diff;
        const bool is_trace = spec.kind == SegKind::pcb_trace || spec.kind == SegKind::backplane_trace ||
                              spec.kind == SegKind::package;
        {
            std::string lam(p.text("laminate", spec.kind == SegKind::package ? "abf_gl102" : "megtron7"));
            if (auto l = sg::find_laminate(lam)) s.trace.laminate = *l;
            else if (is_trace) error(spec, "unknown laminate '" + lam + "' (expected " + join_names(sg::laminates()) + ")");
            std::string foil(p.text("foil", "hvlp4"));
            if (auto f = sg::find_foil(foil)) s.trace.foil = *f;
            else if (is_trace) error(spec, "unknown foil '" + foil + "' (expected " + join_names(sg::foils()) + ")");
            if (p.has("dk")) s.trace.laminate.dk = p.get("dk", s.trace.laminate.dk);
            if (p.has("df")) s.trace.laminate.df = p.get("df", s.trace.laminate.df);
            s.trace.width_m = p.get("width", spec.kind == SegKind::backplane_trace ? 177.8e-6 : 127e-6);
            if (!(s.trace.width_m > 0)) error(spec, "width must be positive");
            std::string style(p.text("style", "stripline"));
            if (style == "microstrip") s.trace.style = sg::TraceStyle::microstrip;
            else if (style != "stripline" && is_trace) error(spec, "unknown style '" + style + "' (expected stripline, microstrip)");
            std::string rough(p.text("roughness", "huray"));
            if (rough == "hammerstad") s.trace.roughness = sg::RoughnessModel::hammerstad;
            else if (rough == "smooth") s.trace.roughness = sg::RoughnessModel::smooth;
            else if (rough != "huray" && is_trace) error(spec, "unknown roughness model '" + rough + "' (expected huray, hammerstad, smooth)");
            s.trace.z0_ohm = z_diff / 2.0;
        }
        // A package without a loss and without a length contributes nothing; warn via error only
        // when it has neither (a package needs one of them).
        s.via.stub_m = p.get("stub", 0.0);
        s.via.dk = p.get("dk", s.via.dk);
        s.via.df = p.get("df", s.via.df);
        s.gain_db = p.get("gain", 0.0);
        s.retimed = p.get("retimed", 0.0) != 0.0;
        s.power_w = p.get("power", 0.0);
        s.latency_s = p.get("latency", 0.0);
        s.energy_j_per_bit = p.get("energy_per_bit", 0.0);
        if (spec.kind == SegKind::optical_engine) {
            auto& o = s.optical;
            o.laser_power_dbm = p.get("laser_power", o.laser_power_dbm);
            o.laser_split = p.get("laser_split", o.laser_split);
            o.coupling_loss_db = p.get("coupling_loss", o.coupling_loss_db);
            o.modulator_loss_db = p.get("modulator_loss", o.modulator_loss_db);
            o.penalty_db = p.get("penalty", o.penalty_db);
            o.sensitivity_dbm = p.get("sensitivity", o.sensitivity_dbm);
            o.energy_j_per_bit = s.energy_j_per_bit;
        }
        if (spec.kind == SegKind::fiber) {
            auto& f = s.fiber;
            f.attenuation_db_per_m = p.get("attenuation", f.attenuation_db_per_m);
            f.connectors = p.get("connectors", f.connectors);
            f.connector_loss_db = p.get("connector_loss", f.connector_loss_db);
            f.max_reach_m = p.get("max_reach", f.max_reach_m);
        }
        std::string ts(p.text("touchstone", p.text("file", "")));
        if (!ts.empty()) s.sdd = load_network(spec, ts, std::string(p.text("port_order", "")));
        else if (spec.kind == SegKind::touchstone) error(spec, "a touchstone segment needs file = \"path.s4p\"");
        if (spec.kind == SegKind::connector && ts.empty() && std::isnan(s.loss_db))
            error(spec, "a connector needs loss (with ref_freq) or touchstone = \"file\"");
        return s;
    }
};

struct LinkView {
    Edge e;
    const Link* link;
};

std::vector<LinkView> all_links(const Model& m) {
    std::vector<LinkView> out;
    for (auto [it, end] = boost::edges(m.graph()); it != end; ++it) out.push_back({*it, &m.link(*it)});
    return out;
}

std::string fmt_len(double m) {
    std::ostringstream os;
    os.precision(3);
    os << m << " m";
    return os.str();
}

bool is_medium(sg::SegmentKind k) {
    return k == sg::SegmentKind::twinax || k == sg::SegmentKind::pcb_trace || k == sg::SegmentKind::backplane_trace ||
           k == sg::SegmentKind::active_copper;
}

}  // namespace

std::string find_description_file(const Model& m, SourceLoc loc, const std::string& path,
                                  const std::string& data_dir) {
    namespace fs = std::filesystem;
    std::vector<std::string> candidates;
    if (fs::path(path).is_absolute()) {
        candidates.push_back(path);
    } else {
        if (loc.file < m.files().size())
            candidates.push_back((fs::path(m.files()[loc.file]).parent_path() / path).string());
        candidates.push_back((fs::path(data_dir) / path).string());
    }
    for (const auto& c : candidates)
        if (fs::exists(c)) return c;
    return "";
}

SigintResult analyze_sigint(const Model& m, const SigintOptions& opt) {
    SigintResult r;
    if (std::string v = opt.validate(); !v.empty()) {
        r.status = SigintStatus::error;
        r.message = "invalid options: " + v;
        return r;
    }
    SpecConverter conv(m, opt);
    const auto links = all_links(m);
    r.links.reserve(links.size());
    detail::LinkClassIndex class_index;
    r.worst_margin_db = std::numeric_limits<double>::infinity();
    std::vector<std::string> profile_errors;
    std::unordered_map<std::string, LinkSigint> memo;
    for (std::size_t li = 0; li < links.size(); ++li) {
        const Link& l = *links[li].link;
        const Profile& prof = m.profile(l);
        const ParamSet& pp = m.params(prof);
        sg::ChannelOptions co;
        co.nyquist_hz = prof.nyquist_hz > 0 ? prof.nyquist_hz : prof.baud_hz / 2.0;
        co.budget_db = prof.loss_budget_db;
        // A profile without a budget or rate takes the built-in profile of the same name.
        if (!(co.budget_db > 0) || !(co.nyquist_hz > 0)) {
            if (auto builtin = sg::find_profile(prof.name)) {
                if (!(co.budget_db > 0)) co.budget_db = builtin->loss_budget_db;
                if (!(co.nyquist_hz > 0)) co.nyquist_hz = builtin->nyquist_hz;
            } else {
                const std::string msg = m.where(prof.loc) + ": profile '" + prof.name +
                                        "' needs loss_budget and baud (or the name of a built-in profile: 112G, 224G, 448G)";
                if (std::find(profile_errors.begin(), profile_errors.end(), msg) == profile_errors.end())
                    profile_errors.push_back(msg);
                continue;
            }
        }
        co.min_margin_db = pp.get("min_margin", opt.min_margin_db);
        co.pam_levels = static_cast<int>(std::lround(std::pow(2.0, prof.bits_per_symbol)));
        co.snr = opt.snr;
        co.snr.snr_tx_db = pp.get("snr_tx", co.snr.snr_tx_db);
        co.snr.crosstalk_db = pp.get("crosstalk", co.snr.crosstalk_db);
        co.snr.residual_isi_db = pp.get("residual_isi", co.snr.residual_isi_db);
        co.snr.rx_headroom_db = pp.get("rx_headroom", co.snr.rx_headroom_db);

        // Identical channels (same profile, route and segments with the same lengths) are
        // evaluated once: a hall repeats each rack's few channels thousands of times.
        std::string memo_key;
        {
            auto [kb, ke] = m.segments(l);
            memo_key.reserve(16 + 24 * static_cast<std::size_t>(ke - kb));
            auto put = [&memo_key](const void* p, std::size_t n) {
                memo_key.append(static_cast<const char*>(p), n);
            };
            put(&l.profile, sizeof l.profile);
            put(&l.route, sizeof l.route);
            for (const Segment* s = kb; s != ke; ++s) {
                put(&s->spec, sizeof s->spec);
                put(&s->length_m, sizeof s->length_m);
                put(&s->count, sizeof s->count);
            }
        }
        LinkSigint ls;
        if (auto hit = memo.find(memo_key); hit != memo.end()) {
            ls = hit->second;
        } else {
            std::vector<sg::Segment> segs;
            auto [b, e] = m.segments(l);
            std::string desc;
            for (const Segment* s = b; s != e; ++s) {
                sg::Segment g = conv.get(s->spec);
                g.length_m = s->length_m;
                g.count = s->count;
                if (!desc.empty()) desc += " + ";
                if (g.count != 1.0) {
                    desc += std::to_string(static_cast<long long>(std::lround(g.count)));
                    desc += " x ";
                }
                desc += g.label;
                if (g.length_m > 0) {
                    desc += ' ';  // appended piecewise: GCC 12 warns falsely on " " + string
                    desc += fmt_len(g.length_m);
                }
                segs.push_back(std::move(g));
            }
            sg::ChannelResult cr = sg::evaluate_channel(segs, co);
            ls.link = li;
            ls.port_a = l.port_a;
            ls.port_b = l.port_b;
            ls.profile = prof.name;
            if (l.route < m.routes().size()) {
                ls.route = m.routes()[l.route].name;
                ls.route_where = m.where(m.routes()[l.route].loc);
            }
            ls.segments = desc;
            ls.nyquist_hz = co.nyquist_hz;
            const sg::ChannelRun& worst = cr.runs[cr.worst_run];
            // The worst electrical run carries the IL/BER figures (optical runs carry only a margin).
            const sg::ChannelRun* elec = nullptr;
            for (const auto& run : cr.runs)
                if (!run.optical && (!elec || run.margin_db < elec->margin_db)) elec = &run;
            ls.il_nyquist_db = elec ? elec->il_db : 0.0;
            ls.budget_db = co.budget_db;
            ls.margin_db = worst.margin_db;
            ls.snr_db = elec ? elec->snr_db : 0.0;
            ls.ber_pre = elec ? elec->ber_pre : 0.0;
            ls.frame_loss = elec ? elec->frame_loss : 0.0;
            ls.runs = cr.runs.size();
            ls.latency_s = cr.latency_s;
            ls.power_w = cr.power_w;
            ls.pass = cr.pass;
            // Reach margin: along the medium with the largest loss in the worst electrical run.
            if (elec) {
                double best = 0;
                for (std::size_t j : elec->segments) {
                    const sg::Segment& s = segs[j];
                    if (!is_medium(s.kind) || s.length_m <= 0 || !std::isnan(s.loss_db)) continue;
                    sg::Segment unit = s;
                    unit.length_m = 1.0;
                    unit.count = 1.0;
                    unit.gain_db = 0.0;
                    const double per_m = sg::segment_il_db(unit, co.nyquist_hz, co.nyquist_hz);
                    if (per_m * s.length_m > best) {
                        best = per_m * s.length_m;
                        ls.reach_margin_m = (elec->margin_db - co.min_margin_db) / per_m;
                        ls.reach_medium = s.label;
                    }
                }
            }
            memo.emplace(std::move(memo_key), ls);
        }
        ls.link = li;
        ls.port_a = l.port_a;
        ls.port_b = l.port_b;
        if (!ls.pass) ++r.failing;
        r.worst_margin_db = std::min(r.worst_margin_db, ls.margin_db);
        detail::add_to_link_class(r.classes, class_index, {l.route, l.profile}, ls,
                                  [](const LinkSigint& a, const LinkSigint& b) { return a.margin_db < b.margin_db; });
        r.links.push_back(std::move(ls));
    }
    std::stable_sort(r.classes.begin(), r.classes.end(),
                     [](const LinkClassSigint& a, const LinkClassSigint& b) { return a.worst.margin_db < b.worst.margin_db; });
    if (links.empty()) r.worst_margin_db = 0;
    if (!conv.errors().empty() || !profile_errors.empty()) {
        r.status = SigintStatus::error;
        for (const auto& e : profile_errors) r.message += e + "\n";
        for (const auto& e : conv.errors()) r.message += e + "\n";
        return r;
    }
    r.status = r.failing ? SigintStatus::fail : SigintStatus::ok;
    std::ostringstream os;
    os << links.size() << " links in " << r.classes.size() << " classes; " << r.failing << " failing";
    if (!links.empty()) os << "; worst margin " << r.worst_margin_db << " dB";
    r.message = os.str();
    return r;
}

void visit_link_il(const Model& m, const std::vector<double>& grid_hz, const SigintOptions& opt,
                   const std::function<void(std::size_t, const double*)>& visit) {
    SpecConverter conv(m, opt);
    const std::size_t n = grid_hz.size();
    // Per (profile, spec): IL = count * (length * a(f) + b(f)); IL is affine in length for every
    // segment kind, so a = IL(1 m) - IL(0), b = IL(0).
    struct Curves {
        std::vector<double> a, b;
        bool has_a = false, has_b = false;
    };
    std::vector<Curves> curves;
    std::vector<std::vector<int>> index(m.profiles().size(), std::vector<int>(m.segment_specs().size(), -1));
    auto curves_of = [&](uint32_t prof, uint32_t spec, double nyq) -> const Curves& {
        int& slot = index[prof][spec];
        if (slot >= 0) return curves[static_cast<std::size_t>(slot)];
        sg::Segment s = conv.get(spec);
        s.count = 1.0;
        Curves c;
        c.a.resize(n);
        c.b.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            s.length_m = 0.0;
            c.b[k] = sg::segment_il_db(s, grid_hz[k], nyq);
            s.length_m = 1.0;
            c.a[k] = sg::segment_il_db(s, grid_hz[k], nyq) - c.b[k];
            c.has_a = c.has_a || c.a[k] != 0.0;
            c.has_b = c.has_b || c.b[k] != 0.0;
        }
        slot = static_cast<int>(curves.size());
        curves.push_back(std::move(c));
        return curves.back();
    };
    // Each link's IL is a weighted sum of curves: sum_i w_i c_i(f). Occurrences of the same
    // curve are merged, and links with the same weights (the same parts at the same lengths,
    // common in racks where cable lengths follow slot geometry) reuse one computed row.
    using Terms = std::vector<std::pair<std::size_t, double>>;  // (2 * curve slot + (0 a | 1 b), weight)
    std::map<Terms, std::size_t> memo;
    std::vector<std::vector<double>> rows;
    constexpr std::size_t kMaxRowsMemo = 8192;  // bounds the memo at 8192 rows (~128 MB at 2,000 points)
    std::vector<double> row(n);
    Terms terms, lumped;
    std::map<Terms, std::vector<double>> lumped_memo;
    std::size_t li = 0;
    for (auto [it, end] = boost::edges(m.graph()); it != end; ++it, ++li) {
        const Link& l = m.link(*it);
        const Profile& prof = m.profile(l);
        const double nyq = prof.nyquist_hz > 0 ? prof.nyquist_hz : prof.baud_hz / 2.0;
        terms.clear();
        auto [b, e] = m.segments(l);
        for (const Segment* s = b; s != e; ++s) {
            const Curves& c = curves_of(l.profile, s->spec, nyq);
            const std::size_t slot = static_cast<std::size_t>(&c - curves.data());
            if (c.has_a && s->count * s->length_m != 0.0) terms.emplace_back(2 * slot, s->count * s->length_m);
            if (c.has_b) terms.emplace_back(2 * slot + 1, s->count);
        }
        std::sort(terms.begin(), terms.end());
        std::size_t w = 0;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (w > 0 && terms[w - 1].first == terms[i].first) terms[w - 1].second += terms[i].second;
            else terms[w++] = terms[i];
        }
        terms.resize(w);
        if (auto hit = memo.find(terms); hit != memo.end()) {
            visit(li, rows[hit->second].data());
            continue;
        }
        // The length-independent (lumped) terms of a link usually repeat across many links:
        // their sum is memoized, so a new row costs one copy plus one pass per medium.
        lumped.clear();
        for (const auto& t : terms)
            if (t.first % 2 == 1) lumped.push_back(t);
        auto lit = lumped_memo.find(lumped);
        if (lit == lumped_memo.end()) {
            std::vector<double> sum(n, 0.0);
            for (const auto& [id, weight] : lumped) {
                const double* x = curves[id / 2].b.data();
                for (std::size_t k = 0; k < n; ++k) sum[k] += weight * x[k];
            }
            lit = lumped_memo.emplace(lumped, std::move(sum)).first;
        }
        std::copy(lit->second.begin(), lit->second.end(), row.begin());
        double* __restrict r = row.data();
        for (const auto& [id, weight] : terms) {
            if (id % 2 == 1) continue;
            const double* __restrict x = curves[id / 2].a.data();
            for (std::size_t k = 0; k < n; ++k) r[k] += weight * x[k];
        }
        if (rows.size() < kMaxRowsMemo) {
            memo.emplace(terms, rows.size());
            rows.push_back(row);
        }
        visit(li, r);
    }
}

std::vector<double> link_il_curves(const Model& m, const std::vector<double>& grid_hz, const SigintOptions& opt) {
    const std::size_t n = grid_hz.size();
    std::vector<double> out(boost::num_edges(m.graph()) * n, 0.0);
    visit_link_il(m, grid_hz, opt, [&](std::size_t li, const double* il) { std::copy(il, il + n, out.data() + li * n); });
    return out;
}

}  // namespace racklink::graphs
