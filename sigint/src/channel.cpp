#include "sigint/channel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace racklink::sigint {

namespace {
constexpr std::array<std::pair<SegmentKind, std::string_view>, 11> kNames{{
    {SegmentKind::package, "package"},
    {SegmentKind::pcb_trace, "pcb_trace"},
    {SegmentKind::via, "via"},
    {SegmentKind::connector, "connector"},
    {SegmentKind::twinax, "twinax"},
    {SegmentKind::backplane_trace, "backplane_trace"},
    {SegmentKind::retimer, "retimer"},
    {SegmentKind::active_copper, "active_copper"},
    {SegmentKind::optical_engine, "optical_engine"},
    {SegmentKind::fiber, "fiber"},
    {SegmentKind::touchstone, "touchstone"},
}};

double network_il_db(const Network& n, double f) {
    if (n.empty()) return 0.0;
    const double fc = std::clamp(f, n.f_hz.front(), n.f_hz.back());
    return loss_db(s_at(n, 2, 1, fc));
}
}  // namespace

std::string_view to_string(SegmentKind k) {
    for (const auto& [kind, name] : kNames)
        if (kind == k) return name;
    return "?";
}

std::optional<SegmentKind> parse_segment_kind(std::string_view s) {
    for (const auto& [kind, name] : kNames)
        if (name == s) return kind;
    return std::nullopt;
}

bool splits_channel(const Segment& s) {
    return s.kind == SegmentKind::retimer || s.kind == SegmentKind::optical_engine ||
           (s.kind == SegmentKind::active_copper && s.retimed);
}

double segment_il_db(const Segment& s, double f, double nyquist_hz) {
    if (s.sdd) return s.count * network_il_db(*s.sdd, f);
    const double fref = std::isnan(s.ref_freq_hz) ? nyquist_hz : s.ref_freq_hz;
    if (!std::isnan(s.loss_db) && s.kind != SegmentKind::active_copper)
        return s.count * lumped_loss_db(s.loss_db, fref, f);
    switch (s.kind) {
        case SegmentKind::pcb_trace:
        case SegmentKind::backplane_trace:
        case SegmentKind::package:
            return s.count * s.length_m * trace_loss_db_per_m(s.trace, f);
        case SegmentKind::twinax:
            return s.count * s.length_m * twinax_loss_db_per_m(s.twinax, f);
        case SegmentKind::active_copper: {
            const double cable = std::isnan(s.loss_db) ? s.length_m * twinax_loss_db_per_m(s.twinax, f)
                                                       : lumped_loss_db(s.loss_db, fref, f);
            // A linear redriver's CTLE-like gain rises to its peak at the reference frequency.
            const double g = s.retimed ? 0.0 : s.gain_db * std::min(1.0, f / fref);
            return s.count * (cable - g);
        }
        case SegmentKind::via:
            return s.count * via_loss_db(s.via, f);
        case SegmentKind::connector:
        case SegmentKind::retimer:
        case SegmentKind::optical_engine:
        case SegmentKind::fiber:
        case SegmentKind::touchstone:
            return 0.0;
    }
    return 0.0;
}

std::vector<double> channel_il_db(const std::vector<Segment>& segs, const std::vector<double>& grid_hz,
                                  double nyquist_hz) {
    std::vector<double> il(grid_hz.size(), 0.0);
    for (const auto& s : segs)
        for (std::size_t k = 0; k < grid_hz.size(); ++k) il[k] += segment_il_db(s, grid_hz[k], nyquist_hz);
    return il;
}

ChannelResult evaluate_channel(const std::vector<Segment>& segs, const ChannelOptions& opt) {
    ChannelResult r;
    // Split into runs. An optical engine closes the electrical run before it and opens an optical
    // run that lasts to the next engine. A retimed active cable is a run of its own.
    ChannelRun cur;
    bool in_optical = false;
    std::size_t optical_tx = 0;
    auto close = [&](ChannelRun run) {
        if (!run.segments.empty() || run.optical) r.runs.push_back(std::move(run));
    };
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        r.latency_s += s.latency_s * s.count;
        r.power_w += s.power_w * s.count;
        r.energy_j_per_bit += s.energy_j_per_bit * s.count;
        if (s.kind == SegmentKind::optical_engine) {
            if (!in_optical) {
                close(std::move(cur));
                cur = ChannelRun{};
                cur.optical = true;
                in_optical = true;
                optical_tx = i;
                cur.segments.push_back(i);
            } else {
                cur.segments.push_back(i);
                // Optical budget from the tx engine, this rx engine and the fiber between.
                FiberSpec fiber;
                double length = 0, connectors = 0, conn_loss = 0;
                bool any_fiber = false;
                for (std::size_t j : cur.segments) {
                    if (segs[j].kind != SegmentKind::fiber) continue;
                    if (!any_fiber) fiber = segs[j].fiber;
                    any_fiber = true;
                    length += segs[j].length_m * segs[j].count;
                    connectors += segs[j].fiber.connectors;
                    conn_loss += segs[j].fiber.connectors * segs[j].fiber.connector_loss_db;
                }
                if (any_fiber) {
                    fiber.connectors = connectors;
                    fiber.connector_loss_db = connectors > 0 ? conn_loss / connectors : 0.0;
                }
                cur.optical_budget = optical_budget(segs[optical_tx].optical, s.optical, fiber, length);
                cur.fiber_m = length;
                cur.margin_db = cur.optical_budget.margin_db;
                close(std::move(cur));
                cur = ChannelRun{};
                in_optical = false;
            }
            continue;
        }
        if (in_optical) {
            cur.segments.push_back(i);
            continue;
        }
        if (s.kind == SegmentKind::retimer) {
            close(std::move(cur));
            cur = ChannelRun{};
            continue;
        }
        if (s.kind == SegmentKind::active_copper && s.retimed) {
            close(std::move(cur));
            ChannelRun cable;
            cable.segments.push_back(i);
            close(std::move(cable));
            cur = ChannelRun{};
            continue;
        }
        cur.segments.push_back(i);
    }
    if (in_optical) {
        // An optical run without a receiving engine: budget against the same engine type.
        FiberSpec fiber;
        double length = 0;
        for (std::size_t j : cur.segments)
            if (segs[j].kind == SegmentKind::fiber) {
                fiber = segs[j].fiber;
                length += segs[j].length_m * segs[j].count;
            }
        cur.optical_budget = optical_budget(segs[optical_tx].optical, segs[optical_tx].optical, fiber, length);
        cur.fiber_m = length;
        cur.margin_db = cur.optical_budget.margin_db;
    }
    close(std::move(cur));
    if (r.runs.empty()) r.runs.push_back(ChannelRun{});

    r.worst_margin_db = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < r.runs.size(); ++k) {
        ChannelRun& run = r.runs[k];
        if (!run.optical) {
            double il = 0;
            for (std::size_t j : run.segments) {
                Segment s = segs[j];
                if (s.kind == SegmentKind::active_copper) s.retimed = false;  // the cable's own loss
                il += segment_il_db(s, opt.nyquist_hz, opt.nyquist_hz);
            }
            run.il_db = il;
            run.budget_db = opt.budget_db;
            run.margin_db = opt.budget_db - il;
            run.snr_db = channel_snr_db(il, opt.budget_db, opt.snr);
            run.ber_pre = pam_ber(run.snr_db, opt.pam_levels);
            run.frame_loss = rs_frame_loss_ratio(run.ber_pre, opt.fec);
            r.il_total_db += il;
        }
        if (run.margin_db < r.worst_margin_db) {
            r.worst_margin_db = run.margin_db;
            r.worst_run = k;
        }
    }
    r.pass = r.worst_margin_db >= opt.min_margin_db;
    return r;
}

}  // namespace racklink::sigint
