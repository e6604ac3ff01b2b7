// `racklink com`: Channel Operating Margin (IEEE 802.3 Annex 93A) of one or more channels.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <exception>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "com_system.hpp"
#include "reports/commands.hpp"
#include "sigint/com.hpp"
#include "sigint/cpus.hpp"
#include "sigint/touchstone.hpp"

namespace racklink::reports {

namespace {

nlohmann::json case_json(const sigint::ComCaseResult& c, bool plots) {
    nlohmann::json j{
        {"package_case", c.package_case},
        {"com_db", c.com_db},
        {"fom_db", c.fom_db},
        {"as_mv", c.as_mv},
        {"ani_mv", c.ani_mv},
        {"pass", c.pass},
        {"vec_db", c.vec_db},
        {"veo_mv", c.veo_mv},
        {"der_at_threshold", c.der_at_threshold},
        {"g_dc_db", c.g_dc_db},
        {"g_dc_hp_db", c.g_dc_hp_db},
        {"txffe", c.txffe},
        {"dfe_taps", c.dfe_taps},
        {"t_s_samples", c.t_s},
        {"sigma_isi_mv", 1e3 * c.sigma_isi_v},
        {"sigma_j_mv", 1e3 * c.sigma_j_v},
        {"sigma_xt_mv", 1e3 * c.sigma_xt_v},
        {"sigma_n_mv", 1e3 * c.sigma_n_v},
        {"sigma_tx_mv", 1e3 * c.sigma_tx_v},
        {"sigma_accm_mv", 1e3 * c.sigma_accm_v},  // AC common-mode part of sigma_n_mv (0 without AC_CM_RMS)
        {"sgm_isi_mv", 1e3 * c.sgm_isi_v},
        {"sgm_xt_mv", 1e3 * c.sgm_xt_v},
        {"sgm_noise_mv", 1e3 * c.sgm_noise_v},
        {"sgm_p_dd_mv", 1e3 * c.sgm_p_dd_v},
        {"sgm_g_mv", 1e3 * c.sgm_g_v},
        {"peak_isi_mv", c.peak_isi_mv},
        {"peak_xtalk_mv", c.peak_xtalk_mv},
        {"vtf_loss_db", c.vtf_loss_db},
        {"die_to_die_loss_db", c.die_to_die_loss_db},
    };
    if (!c.rxffe.empty()) j["rxffe"] = c.rxffe;  // 802.3dj receiver FFE taps [pre .. 1 .. post]
    if (!c.floating_taps.empty()) j["floating_taps"] = c.floating_taps;
    // Enforce Causality: the reference's causality_correction_dB per channel (thru, FEXT..., NEXT...)
    if (!c.causality_correction_db.empty()) j["causality_correction_db"] = c.causality_correction_db;
    if (c.accm_tp0_v > 0) {  // the case's AC_CM_RMS is nonzero
        j["accm_tp0_mv"] = 1e3 * c.accm_tp0_v;
        j["accm_rxpkg_mv"] = 1e3 * c.accm_rxpkg_v;
    }
    if (c.eh_top_mv != 0 || c.eh_bottom_mv != 0) {  // C2M eye (802.3ck Annex 120G, T_O != 0)
        j["eh_mv"] = c.veo_mv;
        j["eh_top_mv"] = c.eh_top_mv;
        j["eh_bottom_mv"] = c.eh_bottom_mv;
        j["vec_pass"] = c.vec_pass;
        j["eh_pass"] = c.eh_pass;
    }
    if (!c.ew_ui.empty()) j["ew_ui"] = c.ew_ui;  // eye width estimate per eye (EW, C2M)
    if (!c.burst_probability.empty()) {  // Max burst length calculated > 0
        j["error_propagation_probability"] = c.error_propagation_probability;
        j["burst_probability"] = c.burst_probability;
    }
    if (c.mlse.option != 0) {  // MLSE (802.3dj): com_db / vec_db above are the adjusted figures
        const sigint::ComMlseResult& m = c.mlse;
        j["mlse"] = m.option;
        j["mlse_applied"] = m.applied;  // false: A_s < A_ni, COM left unchanged (DER fields null)
        j["mlse_alpha"] = m.alpha;
        j["com_orig_db"] = m.com_orig_db;
        j["vec_orig_db"] = m.vec_orig_db;
        j["delta_com_db"] = m.delta_com_db;
        j["delta_vec_db"] = m.delta_vec_db;
        j["delta_com_gaussian_db"] = m.delta_com_gaussian_db;
        j["der_mlse_cdf"] = m.der_mlse_cdf;            // NaN prints as null
        j["der_mlse_gaussian"] = m.der_mlse_gaussian;
        j["mlse_sigma_noise_mv"] = 1e3 * m.sigma_noise_v;
        if (m.option == 1 || m.option == 3) j["snr_dfe_db"] = m.snr_dfe_db;
        if (m.option == 2) j["mlse_pdf_scale"] = m.pdf_scale;
    }
    if (plots) {
        j["pulse_dt_s"] = c.dt_s;
        j["pulse_uneq_v"] = c.pulse_uneq_v;
        j["pulse_eq_v"] = c.pulse_eq_v;
        j["pdf_x_v"] = c.pdf_x_v;
        j["pdf_y"] = c.pdf_y;
    }
    return j;
}

nlohmann::json result_json(const std::string& thru, const sigint::ComResult& r, bool plots) {
    nlohmann::json j{{"thru", thru},
                     {"status", r.status == sigint::ComStatus::ok                    ? "ok"
                                : r.status == sigint::ComStatus::equalization_failed ? "equalization_failed"
                                                                                     : "input_error"},
                     {"message", r.message},
                     {"fom_ild_db", r.fom_ild_db},
                     {"il_nyquist_db", r.il_nyquist_db},
                     {"fitted_il_nyquist_db", r.fitted_il_db},
                     {"icn_mv", r.icn_mv},
                     {"mdfext_icn_mv", r.mdfext_icn_mv},
                     {"mdnext_icn_mv", r.mdnext_icn_mv}};
    nlohmann::json cases = nlohmann::json::array();
    for (const auto& c : r.cases) {
        cases.push_back(case_json(c, plots));
        if (r.rx_calibration) cases.back()["sigma_ne_mv"] = 1e3 * c.sigma_ne_v;  // BBN at the slicer
    }
    j["cases"] = cases;
    if (r.rx_calibration) {  // RX_CALIBRATION, docs/com.md
        const sigint::ComRxCalibration& cal = *r.rx_calibration;
        nlohmann::json steps = nlohmann::json::array();
        for (const auto& st : cal.steps) steps.push_back({{"sigma_bn_mv", 1e3 * st.sigma_bn_v}, {"com_db", st.min_com_db}});
        j["rx_calibration"] = {{"sigma_bn_mv", 1e3 * cal.sigma_bn_v},
                               {"sigma_hp_mv", 1e3 * cal.sigma_hp_v},
                               {"converged", cal.converged},
                               {"steps", steps}};
    }
    j["warnings"] = r.warnings;
    if (!r.cases.empty()) j["com_db"] = r.min_com_db();
    if (r.il_with_pcb_nyquist_db != 0) j["il_with_pcb_nyquist_db"] = r.il_with_pcb_nyquist_db;  // Include PCB
    if (r.fom_tdiln_db) j["fom_tdiln_db"] = *r.fom_tdiln_db;  // COMPUTE_TDILN (+infinity: null)
    if (r.fom_riln_db) j["fom_riln_db"] = *r.fom_riln_db;     // COMPUTE_RILN (NaN: null)
    if (r.erl.computed) {
        nlohmann::json sides = nlohmann::json::array();
        for (const auto& s : r.erl.side) {
            nlohmann::json side{{"erl_db", s.erl_db}, {"erl_rms_db", s.erl_rms_db}, {"avg_z_ohm", s.avg_z_ohm},
                                {"best_phase", s.best_phase}, {"rated", s.rated}, {"tfx_s", s.tfx_s},
                                {"gate_s", s.gate_s}};
            if (!s.z_t_sweep.empty()) {  // Z_t with several values: per value (the first is the side's)
                nlohmann::json sweep = nlohmann::json::array();
                for (const auto& z : s.z_t_sweep)
                    sweep.push_back({{"z_t_ohm", z.z_t_ohm}, {"erl_db", z.erl_db}, {"erl_rms_db", z.erl_rms_db},
                                     {"avg_z_ohm", z.avg_z_ohm}, {"best_phase", z.best_phase}});
                side["z_t_sweep"] = sweep;
            }
            sides.push_back(side);
        }
        j["erl"] = sides;
        j["erl_db"] = r.erl.min_erl_db();
        if (!std::isnan(r.erl.tfx_estimate_s)) j["erl_tfx_estimate_s"] = r.erl.tfx_estimate_s;  // AUTO_TFX
        if (r.erl.pass_threshold_db != 0) {
            j["erl_pass_threshold_db"] = r.erl.pass_threshold_db;
            j["erl_pass"] = r.erl.pass();
        }
    }
    return j;
}

// "12.345 dB", or "n/a" for a loss at f_b/2 beyond the data (NaN, as the reference; the
// channel warning says the data end below f_b/2)
std::string lower_ext(const std::string& path) {
    const std::size_t dot = path.find_last_of('.');
    std::string e = dot == std::string::npos ? "" : path.substr(dot);
    for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

std::string db_text(double v, int decimals) {
    return std::isfinite(v) ? fmt::format("{:.{}f} dB", v, decimals) : std::string("n/a");
}

void print_text(const std::string& thru, const sigint::ComResult& r, const sigint::ComParams& params) {
    const double threshold = params.pass_threshold_db;
    if (r.status == sigint::ComStatus::input_error) {
        std::cerr << "racklink com: " << r.message << "\n";
        return;
    }
    if (r.cases.empty() && r.erl.computed) {  // ERL only
        std::cout << thru << "\n";
    } else if (params.td_mode) {  // pulse responses: no frequency-domain figures
        std::cout << fmt::format("{}\n  TDMODE: pulse-response input (no FOM_ILD, IL or ICN)\n", thru);
    } else {
        std::cout << fmt::format("{}\n  FOM_ILD {:.4f} dB, IL(f_b/2) {} (fitted {}), ICN {:.3f} mV\n", thru,
                                 r.fom_ild_db, db_text(r.il_nyquist_db, 3), db_text(r.fitted_il_db, 3), r.icn_mv);
        if (r.fom_tdiln_db)  // +inf: no ILN above one PDF bin
            std::cout << fmt::format("  FOM_TDILN {:.3f} dB\n", *r.fom_tdiln_db);
        if (r.fom_riln_db) std::cout << fmt::format("  FOM_RILN {}\n", db_text(*r.fom_riln_db, 4));
    }
    if (r.erl.computed) {
        // A port the reference does not rate (port 1 with the TX package in the TDR, port 2 of
        // a 2-port input) is named as such instead of printing its NaN.
        const auto port_text = [](int i, bool rated, double erl_db, double z_ohm) {
            if (!rated) return fmt::format("port {} not rated", i + 1);
            return fmt::format("port {} {:.3f} dB (Z {:.2f} ohm)", i + 1, erl_db, z_ohm);
        };
        const auto port = [&](int i) {
            const sigint::ComErlSide& s = r.erl.side[i];
            return port_text(i, s.rated, s.erl_db, s.avg_z_ohm);
        };
        std::string verdict;
        if (r.erl.pass_threshold_db != 0)
            verdict = fmt::format(" ({} at {:.2f} dB)", r.erl.pass() ? "PASS" : "FAIL", r.erl.pass_threshold_db);
        std::cout << "  ERL " << port(0) << ", " << port(1) << verdict << "\n";
        if (!std::isnan(r.erl.tfx_estimate_s))  // AUTO_TFX
            std::cout << fmt::format("  ERL fixture delay port 2 estimated {:.4f} ns\n", r.erl.tfx_estimate_s * 1e9);
        const auto& sw0 = r.erl.side[0].z_t_sweep;
        const auto& sw1 = r.erl.side[1].z_t_sweep;
        for (std::size_t z = 0; z < std::max(sw0.size(), sw1.size()); ++z) {  // Z_t sweep
            const auto at = [&](const std::vector<sigint::ComErlAtZt>& sw, int i) {
                const bool rated = z < sw.size() && r.erl.side[i].rated;
                return port_text(i, rated, rated ? sw[z].erl_db : 0.0, rated ? sw[z].avg_z_ohm : 0.0);
            };
            const double zt = z < sw0.size() ? sw0[z].z_t_ohm : sw1[z].z_t_ohm;
            std::cout << fmt::format("  ERL at Z_t {:g} ohm: {}, {}\n", zt, at(sw0, 0), at(sw1, 1));
        }
    }
    if (r.rx_calibration) {  // RX_CALIBRATION: the level to set, as the reference's closing line
        const sigint::ComRxCalibration& cal = *r.rx_calibration;
        std::string trace;
        for (const auto& st : cal.steps) trace += fmt::format("{}{:.4g} mV: {:.3f} dB", trace.empty() ? "" : ", ", 1e3 * st.sigma_bn_v, st.min_com_db);
        std::cout << fmt::format("  RX calibration: set the calibration noise (sigma_bn) to {:.4g} mV rms{} ({} runs: {}){}\n",
                                 1e3 * cal.sigma_bn_v,
                                 params.bbn_f_hp_hz != 0 ? fmt::format("; Tx calibration noise (sigma_hp, f_hp {:g} Hz) {:.4g} mV rms",
                                                                       params.bbn_f_hp_hz, 1e3 * cal.sigma_hp_v)
                                                         : std::string(),
                                 cal.steps.size(), trace, cal.converged ? "" : "; NOT within 0.1 dB of the threshold");
    }
    if (!r.ok()) {
        std::cout << "  " << r.message << "\n";
        return;
    }
    for (const auto& c : r.cases) {
        const std::string tx = fmt::format("{:.3f}", fmt::join(c.txffe, " "));
        std::cout << fmt::format(
            "  case {}: COM {:.3f} dB ({} {})  FOM {:.3f} dB  A_s {:.3f} mV  A_ni {:.3f} mV\n"
            "    CTLE g_DC {:.1f} dB, g_DC_HP {:.1f} dB, TX FFE [{}], t_s {}\n"
            "    sigma ISI {:.3f} J {:.3f} XT {:.3f} N {:.3f} TX {:.3f} mV; VTF loss {}\n",
            c.package_case, c.com_db, c.pass ? "PASS" : "FAIL",
            params.pmd_type == "C2M" ? fmt::format("VEC/EH, see C2M line") : fmt::format("at {:.1f} dB", threshold), c.fom_db, c.as_mv,
            c.ani_mv, c.g_dc_db, c.g_dc_hp_db, tx, c.t_s, 1e3 * c.sigma_isi_v, 1e3 * c.sigma_j_v,
            1e3 * c.sigma_xt_v, 1e3 * c.sigma_n_v, 1e3 * c.sigma_tx_v, db_text(c.vtf_loss_db, 2));
        if (c.accm_tp0_v > 0)
            std::cout << fmt::format("    AC common mode: sigma_ACCM {:.3f} mV (part of N), {:.3f} mV rms at TP0, "
                                     "{:.3f} mV at the RX package output\n",
                                     1e3 * c.sigma_accm_v, 1e3 * c.accm_tp0_v, 1e3 * c.accm_rxpkg_v);
        if (r.rx_calibration)
            std::cout << fmt::format("    calibration noise at the slicer sigma_ne {:.3f} mV (93A-48)\n", 1e3 * c.sigma_ne_v);
        if (!c.causality_correction_db.empty()) {  // Enforce Causality
            std::cout << fmt::format("    causality correction [{:.1f}] dB (thru, FEXT, NEXT; applied)\n",
                                     fmt::join(c.causality_correction_db, " "));
        }
        if (!c.rxffe.empty()) {
            std::cout << fmt::format("    RX FFE (MMSE) [{:.4f}], DFE b(1) {:.4f}\n", fmt::join(c.rxffe, " "),
                                     c.dfe_taps.empty() ? 0.0 : c.dfe_taps.front());
        }
        if (!c.burst_probability.empty()) {  // DFE error propagation (Max burst length calculated)
            std::cout << fmt::format("    DFE error bursts: P(burst >= 1, 2, ... errors) [{:.3g}] (threshold COM {:g} dB)\n",
                                     fmt::join(c.burst_probability, " "), threshold - params.error_propagation_margin_db);
        }
        if (c.mlse.option != 0) {  // MLSE (802.3dj), docs/com.md
            const sigint::ComMlseResult& m = c.mlse;
            if (!m.applied)
                std::cout << fmt::format("    MLSE {}: not applied (A_s < A_ni), COM {:.3f} dB unchanged\n", m.option,
                                         c.com_db);
            else
                std::cout << fmt::format(
                    "    MLSE {}: delta COM {:+.3f} dB (COM {:.3f} dB, without MLSE {:.3f} dB); VEC {:.3f} dB (without "
                    "{:.3f}, {:+.3f}); DER_MLSE {:.4g} (CDF){}; sigma_noise {:.3f} mV; b(1) {:.4f}\n",
                    m.option, m.delta_com_db, c.com_db, m.com_orig_db, c.vec_db, m.vec_orig_db, m.delta_vec_db,
                    m.der_mlse_cdf,
                    std::isnan(m.der_mlse_gaussian) ? std::string{}  // MLSE = 3 has no Gaussian path
                                                    : fmt::format(", {:.4g} (Gaussian)", m.der_mlse_gaussian),
                    1e3 * m.sigma_noise_v, m.alpha);
        }
        if (params.c2m_eye()) {  // 802.3ck Annex 120G C2M eye over T_s +/- T_O
            std::cout << fmt::format(
                "    C2M ({} over +/-{:g} mUI): VEC {:.3f} dB ({} at {:.1f} dB), EH {:.3f} mV ({} at {:g} mV), "
                "eye width [{:.2f}] UI\n",
                params.pmd_type, params.t_o_mui, c.vec_db, c.vec_pass ? "PASS" : "FAIL",
                params.vec_pass_threshold_db, c.veo_mv, c.eh_pass ? "PASS" : "FAIL", params.eh_min_mv,
                fmt::join(c.ew_ui, " "));
        }
    }
}

}  // namespace

// com
void add_com_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string config;
        std::vector<std::string> thru, fext, next, set;
        std::string noise_path;  // RX_CALIBRATION
        bool json = false, plots = false, erl_only = false;
        unsigned threads = 0;
        // --system mode (cmd_com_system.cpp)
        std::string system, data_dir, out;
        std::vector<std::string> model_set, com_set;
        bool links = false;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "com",
        "Channel Operating Margin (IEEE 802.3 Annex 93A/178A) of Touchstone channels:\n"
        "  racklink com CONFIG THRU.s4p... [--fext F.s4p...] [--next N.s4p...]   (channels)\n"
        "      (with TDMODE = 1 in CONFIG or --set TDMODE=1: pulse-response CSV files, time s, voltage V)\n"
        "  racklink com --system FILE.rack [--preset NAME | --config FILE]       (every link of a system\n"
        "      whose route has a touchstone segment with COM data; see docs/com.md)");
    std::string preset_list;  // the built-in presets, named in --help
    for (const auto& n : sigint::com_preset_names()) preset_list += (preset_list.empty() ? "" : ", ") + n;
    sub->add_option("config", o->config,
                    "COM configuration file, or a preset name (" + preset_list +
                        "; see docs/com.md); with --system optional (same as --config)");
    sub->add_option("thru", o->thru, "Thru channel(s) (.s4p; with TDMODE = 1 pulse-response .csv); several are computed in parallel");
    sub->add_option("--fext", o->fext, "FEXT aggressor channels (.s4p; TDMODE .csv)");
    sub->add_option("--next", o->next, "NEXT aggressor channels (.s4p; TDMODE .csv)");
    sub->add_option("--noise-path", o->noise_path,
                    "With RX_CALIBRATION = 1: the noise path (.s4p) from the broadband noise source to the "
                    "receiver; COM is rerun until the noise level puts it at the pass threshold")
        ->type_name("FILE.s4p");
    sub->add_option("--set", o->set,
                    "Channels: override a COM parameter 'name=value' (IEEE names). With --system: "
                    "override a description setting NAME=VALUE (.rack syntax), as on every command")
        ->type_name("NAME=VALUE");
    sub->add_option("--com-set", o->com_set, "Override a COM parameter 'name=value' (IEEE names), both modes")
        ->type_name("NAME=VALUE");
    sub->add_flag("--json", o->json, "JSON output (cases with com_db, fom_db, as_mv, ani_mv, ...)");
    sub->add_flag("--plots", o->plots, "Include pulse responses and the noise PDF in the JSON");
    sub->add_option("--threads", o->threads,
                    "Worker threads over thru channels (--system: over distinct channels; 0 = all cores)");
    sub->add_option("--system", o->system,
                    "A .rack description: COM of every link with a measured channel, per link class")
        ->type_name("FILE.rack");
    sub->add_option("--config,--preset", o->config,
                    "COM configuration file or preset for every link (--system; default: the `com` "
                    "the description names on the touchstone segment or the serdes profile)")
        ->type_name("NAME");
    sub->add_option_function<std::vector<std::string>>(
           "-I,--import-dir",
           [o](const std::vector<std::string>& dirs) {
               for (const auto& d : dirs) o->model_set.push_back("-I" + d);
           },
           "With --system: also search this directory for imports")
        ->type_name("DIR");
    sub->add_option("--data-dir", o->data_dir,
                    "With --system: directory tried after the description's own for relative files");
    sub->add_flag("--links", o->links, "With --system: list every COM link");
    sub->add_option("-o,--out", o->out, "With --system: write the output to this file (atomically)");
    sub->add_flag("--erl-only", o->erl_only,
                  "Effective return loss only (as ERL_ONLY = 1; ERL parameters from the configuration)");
    sub->callback([o, &exit_code] {
        auto split = [](const std::string& s) -> std::pair<std::string, std::string> {
            const auto eq = s.find('=');
            if (eq == std::string::npos) throw std::invalid_argument("expected name=value, got `" + s + "`");
            return {s.substr(0, eq), s.substr(eq + 1)};
        };
        if (!o->system.empty()) {
            ComSystemArgs a;
            a.file = o->system;
            a.config = o->config;
            a.data_dir = o->data_dir;
            a.out = o->out;
            a.threads = o->threads;
            a.json = o->json;
            a.links = o->links;
            a.sets = o->model_set;
            a.sets.insert(a.sets.end(), o->set.begin(), o->set.end());
            if (!o->thru.empty() || !o->fext.empty() || !o->next.empty() || !o->noise_path.empty()) {
                std::cerr << "racklink com: --system takes its channels from the description; "
                             "drop the Touchstone files (thru, --fext, --next, --noise-path)\n";
                exit_code = 2;
                return;
            }
            try {
                for (const auto& s : o->com_set) a.com_set.push_back(split(s));
            } catch (const std::exception& e) {
                std::cerr << "racklink com: --com-set " << e.what() << "\n";
                exit_code = 2;
                return;
            }
            exit_code = run_com_system(a);
            return;
        }
        if (o->config.empty() || o->thru.empty()) {
            std::cerr << "racklink com: give a configuration and at least one thru channel "
                         "(racklink com CONFIG THRU.s4p), or --system FILE.rack; see --help\n";
            exit_code = 2;
            return;
        }
        sigint::ComParams params;
        sigint::ComErlParams erl_params;
        try {
            sigint::ComConfig cfg = sigint::load_com_config(o->config);
            for (const auto& s : o->com_set) {
                auto [name, value] = split(s);
                cfg.set(name, value);
            }
            for (const auto& s : o->set) {
                const auto eq = s.find('=');
                if (eq == std::string::npos) throw std::invalid_argument("--set expects name=value, got `" + s + "`");
                cfg.set(s.substr(0, eq), s.substr(eq + 1));
            }
            if (o->erl_only) {
                cfg.set("ERL", "1");
                cfg.set("ERL_ONLY", "1");
            }
            erl_params = sigint::resolve_com_erl_params(cfg);
            if (!erl_params.erl_only) params = sigint::resolve_com_params(cfg);
            // Entries RackLink does not read are ignored, as the reference ignores them; say so
            // (a misspelt name would otherwise silently fall back to its default).
            for (const auto& w : sigint::com_unused_warnings(cfg)) std::cerr << w << "\n";
            // The receiver calibration's second channel is the noise path (the reference takes it
            // as the only FEXT file): named as such here, and crosstalk makes no sense with it.
            const bool rx_cal = !erl_params.erl_only && params.rx_calibration;
            if (rx_cal && o->noise_path.empty())
                throw std::invalid_argument("RX_CALIBRATION = 1 needs the noise path channel: --noise-path FILE.s4p");
            if (rx_cal && (!o->fext.empty() || !o->next.empty()))
                throw std::invalid_argument("RX_CALIBRATION = 1 takes no crosstalk channels (--fext, --next); the noise path is --noise-path");
            if (!rx_cal && !o->noise_path.empty())
                throw std::invalid_argument(erl_params.erl_only
                                                ? "--noise-path has no use with ERL only (ERL_ONLY, --erl-only)"
                                                : "--noise-path is the noise channel of the receiver calibration: set RX_CALIBRATION = 1");
        } catch (const std::exception& e) {
            std::cerr << "racklink com: " << e.what() << "\n";
            exit_code = 1;
            return;
        }
        // TDMODE: the channels are pulse-response CSV files (no S-parameters, hence no ERL)
        const bool td = !erl_params.erl_only && params.td_mode;
        if (!td) {
            for (const auto* group : {&o->thru, &o->fext, &o->next})
                for (const auto& pth : *group)
                    if (pth.size() > 4 && lower_ext(pth) == ".csv") {
                        std::cerr << "racklink com: " << pth
                                  << ": a CSV channel is a pulse response: set TDMODE = 1 (--set TDMODE=1) to read it\n";
                        exit_code = 1;
                        return;
                    }
        }
        if (td && erl_params.enabled)
            std::cerr << "racklink com: warning: ERL needs S-parameters; with TDMODE it is not computed (as the reference)\n";
        std::vector<sigint::PulseResponse> td_fext, td_next;
        // The crosstalk files are the same for every thru: read once.
        std::vector<sigint::Network> fext, next;
        try {
            if (td) {
                for (const auto& pth : o->fext) td_fext.push_back(sigint::read_pulse_csv(pth));
                for (const auto& pth : o->next) td_next.push_back(sigint::read_pulse_csv(pth));
            } else if (!erl_params.erl_only) {
                for (const auto& pth : o->fext) fext.push_back(sigint::read_touchstone(pth));
                if (!o->noise_path.empty()) fext.push_back(sigint::read_touchstone(o->noise_path));  // RX_CALIBRATION
                for (const auto& pth : o->next) next.push_back(sigint::read_touchstone(pth));
            }
        } catch (const std::exception& e) {
            std::cerr << "racklink com: " << e.what() << "\n";
            exit_code = 1;
            return;
        }
        const std::size_t n = o->thru.size();
        std::vector<sigint::ComResult> results(n);
        std::vector<std::string> errors(n);
        unsigned workers = o->threads ? o->threads : sigint::available_cpus();
        workers = static_cast<unsigned>(std::min<std::size_t>(workers, n));
        std::atomic<std::size_t> next_job{0};
        auto work = [&] {
            for (std::size_t i = next_job++; i < n; i = next_job++) {
                try {
                    if (td) {
                        results[i] = sigint::compute_com_pulses(params, sigint::read_pulse_csv(o->thru[i]), td_fext, td_next);
                        continue;
                    }
                    const sigint::Network thru = sigint::read_touchstone(o->thru[i]);  // once for COM and ERL
                    if (!erl_params.erl_only) results[i] = sigint::compute_com(params, thru, fext, next);
                    if (erl_params.enabled) results[i].erl = sigint::compute_com_erl(erl_params, thru);
                    if (erl_params.erl_only) results[i].warnings = results[i].erl.warnings;  // else COM's cover the thru
                } catch (const std::exception& e) {
                    errors[i] = e.what();
                }
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
        nlohmann::json links = nlohmann::json::array();
        for (std::size_t i = 0; i < n; ++i) {
            if (!errors[i].empty()) {
                std::cerr << "racklink com: " << errors[i] << "\n";
                exit_code = 1;
                continue;
            }
            if (!results[i].ok()) exit_code = 1;
            for (const auto& w : results[i].warnings) std::cerr << "racklink com: warning: " << w << "\n";
            if (o->json)
                links.push_back(result_json(o->thru[i], results[i], o->plots));
            else
                print_text(o->thru[i], results[i], params);
        }
        if (o->json) {
            nlohmann::json out = links.size() == 1 ? links[0] : nlohmann::json{{"links", links}};
            out["pass_threshold_db"] = params.pass_threshold_db;
            if (params.c2m_eye()) {
                out["vec_pass_threshold_db"] = params.vec_pass_threshold_db;
                out["eh_min_mv"] = params.eh_min_mv;
                out["t_o_mui"] = params.t_o_mui;
            }
            out["config"] = o->config;
            std::cout << out.dump(2) << "\n";
        }
    });
}

}  // namespace racklink::reports
