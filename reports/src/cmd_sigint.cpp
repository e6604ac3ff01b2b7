// Signal-integrity commands: `racklink sigint FILE`, `racklink reach --profile NAME`,
// `racklink touchstone FILE.sNp`. Exit codes: 0 ok, 1 input or analysis error (including
// failing links for `sigint`), 2 usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graphs/sigint_analysis.hpp"
#include "hdl/load.hpp"
#include "reports/commands.hpp"
#include "sigint/fitted_loss.hpp"
#include "sigint/network.hpp"
#include "sigint/profiles.hpp"
#include "sigint/reach.hpp"
#include "sigint/touchstone.hpp"

namespace racklink::reports {

namespace {

using nlohmann::json;

/// "53.125GHz", "53.125 GHz", "26.5625e9", "100 MHz" -> Hz; nullopt when malformed.
std::optional<double> parse_frequency(std::string text) {
    std::string t;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) t += c;
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || !std::isfinite(v) || v < 0) return std::nullopt;
    std::string unit(p, static_cast<const char*>(t.data() + t.size()));
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (unit.empty() || unit == "hz") return v;
    if (unit == "khz") return v * 1e3;
    if (unit == "mhz") return v * 1e6;
    if (unit == "ghz") return v * 1e9;
    if (unit == "thz") return v * 1e12;
    return std::nullopt;
}

/// JSON number or null for non-finite values.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json link_json(const graphs::LinkSigint& l) {
    return json{{"link", l.link},
                {"port_a", l.port_a},
                {"port_b", l.port_b},
                {"profile", l.profile},
                {"route", l.route},
                {"route_where", l.route_where},
                {"segments", l.segments},
                {"nyquist_hz", l.nyquist_hz},
                {"il_nyquist_db", num(l.il_nyquist_db)},
                {"budget_db", l.budget_db},
                {"margin_db", num(l.margin_db)},
                {"reach_margin_m", num(l.reach_margin_m)},
                {"reach_medium", l.reach_medium},
                {"snr_db", num(l.snr_db)},
                {"ber_pre_fec", num(l.ber_pre)},
                {"frame_loss_ratio", num(l.frame_loss)},
                {"runs", l.runs},
                {"latency_s", l.latency_s},
                {"power_w", l.power_w},
                {"pass", l.pass}};
}

void add_sigint(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        bool json = false;
        double min_margin_db = 0.0;
        std::vector<std::string> set;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand("sigint", "Channel loss, margin, reach margin and BER of every link class");
    sub->add_option("file", o->file, "Description file (.rack)")->required();
    sub->add_flag("--json", o->json, "Write JSON to stdout");
    sub->add_option("--min-margin", o->min_margin_db, "Pass threshold on margin (dB)");
    sub->add_option("--set", o->set, "NAME=VALUE parameter override");
    sub->callback([o, &exit_code] {
        hdl::LoadOptions lo;
        for (const auto& s : o->set) {
            auto eq = s.find('=');
            if (eq == std::string::npos) {
                std::cerr << "racklink sigint: --set expects NAME=VALUE, got '" << s << "'\n";
                exit_code = 2;
                return;
            }
            lo.set.emplace_back(s.substr(0, eq), s.substr(eq + 1));
        }
        hdl::LoadResult lr = hdl::load_file(o->file, lo);
        std::cerr << lr.diagnostics;
        if (!lr.ok()) {
            exit_code = 1;
            return;
        }
        graphs::SigintOptions so;
        so.min_margin_db = o->min_margin_db;
        graphs::SigintResult r = graphs::analyze_sigint(*lr.model, so);
        if (o->json) {
            json j{{"status", std::string(graphs::to_string(r.status))},
                   {"message", r.message},
                   {"failing", r.failing},
                   {"worst_margin_db", num(r.worst_margin_db)}};
            j["classes"] = json::array();
            for (const auto& c : r.classes)
                j["classes"].push_back(json{{"route", c.route},
                                            {"profile", c.profile},
                                            {"route_where", c.route_where},
                                            {"links", c.links},
                                            {"failing", c.failing},
                                            {"worst", link_json(c.worst)}});
            j["links"] = json::array();
            for (const auto& l : r.links) j["links"].push_back(link_json(l));
            std::cout << j.dump(2) << "\n";
        } else if (r.status != graphs::SigintStatus::error) {
            std::cout << fmt::format("{:<24} {:<6} {:>5} {:>9} {:>8} {:>8} {:>9} {:>9}  {:<4}  {}\n", "link class (route)",
                                     "prof", "links", "IL@Nyq", "budget", "margin", "reach", "pre-FEC", "", "defined at");
            for (const auto& c : r.classes) {
                const auto& w = c.worst;
                std::cout << fmt::format("{:<24} {:<6} {:>5} {:>6.2f} dB {:>5.1f} dB {:>+5.2f} dB {:>+7.2f} m {:>9.2e}  {:<4}  {}\n",
                                         c.route, c.profile, c.links, w.il_nyquist_db, w.budget_db, w.margin_db,
                                         w.reach_margin_m, w.ber_pre, w.pass ? "PASS" : "FAIL", c.route_where);
                std::cout << "    worst: " << w.port_a << " -> " << w.port_b << ": " << w.segments << "\n";
                if (c.failing) std::cout << fmt::format("    {} of {} links fail\n", c.failing, c.links);
            }
            std::cout << fmt::format("KP4 RS(544,514) pre-FEC BER threshold {:.1e}. {}\n",
                                     sigint::kKp4PreFecBerThreshold, r.message);
        }
        if (r.status == graphs::SigintStatus::error) {
            std::cerr << r.message;
            exit_code = 1;
        } else if (r.status == graphs::SigintStatus::fail) {
            std::cerr << "racklink sigint: " << r.failing << " link(s) fail their loss budget\n";
            exit_code = 1;
        }
    });
}

void add_reach(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string profile = "224G";
        std::vector<std::string> media;
        bool json = false;
        double min_margin_db = 0.0;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand("reach", "Reach table of a SerDes profile across media");
    sub->add_option("--profile", o->profile, "Profile: 112G, 224G or 448G (what-if)");
    sub->add_option("--medium", o->media, "Only these media: twinax, acc, aec, backplane, optics");
    sub->add_option("--min-margin", o->min_margin_db, "Margin to keep (dB)");
    sub->add_flag("--json", o->json, "Write JSON to stdout");
    sub->callback([o, &exit_code] {
        auto p = sigint::find_profile(o->profile);
        if (!p) {
            std::cerr << "racklink reach: unknown profile '" << o->profile << "' (expected 112G, 224G, 448G)\n";
            exit_code = 2;
            return;
        }
        std::vector<std::string> media = o->media.empty() ? std::vector<std::string>{""} : o->media;
        std::vector<sigint::ReachRow> rows;
        for (const auto& m : media) {
            if (!m.empty() && m != "twinax" && m != "acc" && m != "aec" && m != "backplane" && m != "optics") {
                std::cerr << "racklink reach: unknown medium '" << m << "' (expected twinax, acc, aec, backplane, optics)\n";
                exit_code = 2;
                return;
            }
            auto part = sigint::reach_table(*p, {.min_margin_db = o->min_margin_db, .medium = m});
            rows.insert(rows.end(), part.begin(), part.end());
        }
        if (o->json) {
            json j{{"profile", std::string(p->name)},
                   {"baud_hz", p->baud_hz},
                   {"nyquist_hz", p->nyquist_hz},
                   {"loss_budget_db", p->loss_budget_db},
                   {"source", std::string(p->source)}};
            j["rows"] = json::array();
            for (const auto& r : rows)
                j["rows"].push_back(json{{"medium", r.medium},
                                         {"variant", r.variant},
                                         {"loss_db_per_m", r.loss_db_per_m},
                                         {"fixed_db", r.fixed_db},
                                         {"reach_m", r.reach_m},
                                         {"note", r.note}});
            std::cout << j.dump(2) << "\n";
            return;
        }
        std::cout << fmt::format("Reach at {} ({:.5g} GBd PAM4, Nyquist {:.5g} GHz, budget {:.1f} dB bump to bump)\n",
                                 p->name, p->baud_hz / 1e9, p->nyquist_hz / 1e9, p->loss_budget_db);
        std::cout << fmt::format("{:<16} {:<44} {:>13} {:>9} {:>10}\n", "medium", "variant", "loss@Nyq", "fixed", "reach");
        for (const auto& r : rows) {
            const bool optical = r.medium == "optics";
            std::cout << fmt::format("{:<16} {:<44} {:>8.2f} {:<4} {:>6.2f} dB {:>8.3f} m\n", r.medium, r.variant,
                                     optical ? r.loss_db_per_m * 1e3 : r.loss_db_per_m, optical ? "dB/km" : "dB/m",
                                     r.fixed_db, r.reach_m);
        }
        std::cout << "Source: " << p->source << "\n";
    });
}

void add_touchstone(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        std::string port_order;
        std::string at;
        std::string profile;
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand("touchstone", "Summarize a Touchstone file (IL, RL, fitted IL, ILD)");
    sub->add_option("file", o->file, "Touchstone file (.sNp, .ts)")->required();
    sub->add_option("--port-order", o->port_order, "Single-ended ports as (+,-) pairs, input pair first, e.g. 1,3,2,4");
    sub->add_option("--at", o->at, "Frequency, e.g. 26.5625GHz (default: a profile's Nyquist)");
    sub->add_option("--profile", o->profile, "Profile whose Nyquist to use: 112G, 224G, 448G");
    sub->add_flag("--json", o->json, "Write JSON to stdout");
    sub->callback([o, &exit_code] {
        sigint::Network net;
        try {
            net = sigint::read_touchstone(o->file);
        } catch (const sigint::TouchstoneError& e) {
            std::cerr << e.what() << "\n";
            exit_code = 1;
            return;
        }
        const int n = net.ports();
        // Frequency: --at, else --profile's Nyquist, else the fastest built-in profile within span.
        double f = 0;
        std::string f_source;
        if (!o->at.empty()) {
            auto pf = parse_frequency(o->at);
            if (!pf) {
                std::cerr << "racklink touchstone: --at expects a frequency such as 26.5625GHz, got '" << o->at << "'\n";
                exit_code = 2;
                return;
            }
            f = *pf;
            f_source = "--at";
        } else if (!o->profile.empty()) {
            auto p = sigint::find_profile(o->profile);
            if (!p) {
                std::cerr << "racklink touchstone: unknown profile '" << o->profile << "' (expected 112G, 224G, 448G)\n";
                exit_code = 2;
                return;
            }
            f = p->nyquist_hz;
            f_source = std::string(p->name) + " Nyquist";
        } else {
            for (const auto& p : sigint::serdes_profiles())
                if (net.in_span(p.nyquist_hz) && p.nyquist_hz > f) {
                    f = p.nyquist_hz;
                    f_source = std::string(p.name) + " Nyquist";
                }
            if (f == 0) {
                f = net.f_hz.back();
                f_source = "top of the data";
            }
        }
        if (!net.in_span(f)) {
            std::cerr << fmt::format("{}: {:.6g} GHz lies outside the data ({:.6g} to {:.6g} GHz)\n", o->file, f / 1e9,
                                     net.f_hz.front() / 1e9, net.f_hz.back() / 1e9);
            exit_code = 1;
            return;
        }
        // The differential through path: a 2-port is taken as already differential (S21, S11);
        // a 4-port (or larger even count) is converted with the port order, input pair first.
        sigint::Network dd;
        std::vector<int> order;
        bool renormalized = false;
        try {
            if (n == 2) {
                dd = net;
            } else if (n >= 4 && n % 2 == 0) {
                order = o->port_order.empty() ? sigint::default_port_order(n) : sigint::parse_port_order(o->port_order, n);
                // Pairs need one reference impedance: renormalize mixed references to 50 ohm first.
                if (std::any_of(net.z0_ohm.begin(), net.z0_ohm.end(), [&](double z) { return z != net.z0_ohm.front(); })) {
                    net = sigint::renormalize(net, {50.0});
                    renormalized = true;
                }
                sigint::MixedModeNetwork mm = sigint::to_mixed_mode(net, order);
                dd = mm.sdd_network();
            } else {
                std::cerr << o->file << ": " << n << " ports: no differential through path to summarize\n";
                exit_code = 1;
                return;
            }
        } catch (const std::invalid_argument& e) {
            std::cerr << "racklink touchstone: " << e.what() << "\n";
            exit_code = 2;
            return;
        }
        const sigint::cplx s21 = sigint::s_at(dd, 2, 1, f), s11 = sigint::s_at(dd, 1, 1, f);
        std::vector<double> il(dd.points());
        for (std::size_t k = 0; k < dd.points(); ++k) il[k] = sigint::loss_db(dd.s[k](1, 0));
        sigint::IlFit fit = sigint::fit_insertion_loss(dd.f_hz, il, std::max(0.05e9, dd.f_hz.front()), f);
        sigint::IldStats ild = sigint::ild_stats(dd.f_hz, il, fit, f);
        const double sdd21_db = -sigint::loss_db(s21), sdd11_db = -sigint::loss_db(s11);
        if (o->json) {
            json j{{"file", o->file},
                   {"ports", n},
                   {"points", net.points()},
                   {"f_min_hz", net.f_hz.front()},
                   {"f_max_hz", net.f_hz.back()},
                   {"z0_ohm", net.z0_ohm},
                   {"port_order", order},
                   {"freq_hz", f},
                   {"freq_source", f_source},
                   {"renormalized_to_50_ohm", renormalized},
                   {"sdd21_db", num(sdd21_db)},
                   {"sdd11_db", num(sdd11_db)},
                   {"il_db", num(-sdd21_db)},
                   {"rl_db", num(-sdd11_db)},
                   {"fitted_il_db", fit.ok ? num(fit.at(f)) : json(nullptr)},
                   {"ild_db", fit.ok ? num(ild.at_f_db) : json(nullptr)},
                   {"ild_rms_db", fit.ok ? num(ild.rms_db) : json(nullptr)},
                   {"fit", fit.ok ? json{{"a0", fit.a0}, {"a1", fit.a1}, {"a2", fit.a2}, {"a4", fit.a4},
                                         {"f_min_hz", fit.f_min_hz}, {"f_max_hz", fit.f_max_hz}}
                                  : json(nullptr)}};
            std::cout << j.dump(2) << "\n";
            return;
        }
        std::cout << fmt::format("{}: {} ports, {} points, {:.6g} to {:.6g} GHz, z0 {:.4g} ohm\n", o->file, n, net.points(),
                                 net.f_hz.front() / 1e9, net.f_hz.back() / 1e9, net.z0_ohm.front());
        if (renormalized) std::cout << "  (mixed port references: renormalized to 50 ohm before the mixed-mode conversion)\n";
        if (!order.empty()) {
            std::string ord;
            for (int p : order) ord += (ord.empty() ? "" : ",") + std::to_string(p);
            std::cout << "  differential pairs (+,-), input first: " << ord << "\n";
        }
        std::cout << fmt::format("  at {:.6g} GHz ({}): IL {:.3f} dB (SDD21 {:.3f} dB), RL {:.3f} dB (SDD11 {:.3f} dB)\n",
                                 f / 1e9, f_source, -sdd21_db, sdd21_db, -sdd11_db, sdd11_db);
        if (fit.ok)
            std::cout << fmt::format(
                "  fitted IL {:.3f} dB, ILD {:+.3f} dB (rms {:.3f} dB over {:.3g}-{:.6g} GHz; IEEE 802.3 69B.4.2 fit "
                "a0 {:.4f} + a1 {:.4f} sqrt(f) + a2 {:.4f} f + a4 {:.5f} f^2, f in GHz)\n",
                fit.at(f), ild.at_f_db, ild.rms_db, fit.f_min_hz / 1e9, fit.f_max_hz / 1e9, fit.a0, fit.a1, fit.a2, fit.a4);
        else
            std::cout << "  fitted IL: too few points below the frequency\n";
    });
}

}  // namespace

void add_sigint_commands(CLI::App& app, int& exit_code) {
    add_sigint(app, exit_code);
    add_reach(app, exit_code);
    add_touchstone(app, exit_code);
}

}  // namespace racklink::reports
