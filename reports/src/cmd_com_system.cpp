// `racklink com --system FILE.rack`: Channel Operating Margin of every link of a system whose
// channel is a measured Touchstone file (graphs/com_analysis.hpp), per link class, worst first.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <string>

#include "com_system.hpp"
#include "graphs/com_analysis.hpp"
#include "reports/cli_util.hpp"

namespace racklink::reports {

namespace {

using nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json cases_json(const std::vector<graphs::ComCaseFigures>& cases) {
    json a = json::array();
    for (const auto& c : cases)
        a.push_back(json{{"package_case", c.package_case},
                         {"com_db", num(c.com_db)},
                         {"fom_db", num(c.fom_db)},
                         {"as_mv", num(c.as_mv)},
                         {"ani_mv", num(c.ani_mv)},
                         {"pass", c.pass}});
    return a;
}

json link_json(const graphs::LinkCom& l) {
    return json{{"link", l.link},         {"port_a", l.port_a}, {"port_b", l.port_b},
                {"profile", l.profile},   {"route", l.route},   {"route_where", l.route_where},
                {"channel", l.channel},   {"com_db", num(l.com_db)}, {"pass", l.pass}};
}

std::string com_text(double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : std::string("n/a"); }

}  // namespace

int run_com_system(const ComSystemArgs& a) {
    int exit_code = 0;
    auto model = load_model(a.file, a.sets, exit_code);
    if (!model) return exit_code;
    graphs::ComAnalysisOptions opt;
    opt.config = a.config;
    opt.config_set = a.com_set;
    opt.data_dir = a.data_dir;
    opt.threads = a.threads;
    const graphs::ComAnalysis r = graphs::analyze_com(*model, opt);
    for (const auto& w : r.warnings) std::cerr << w << "\n";
    if (r.status == graphs::ComAnalysisStatus::error) {
        std::cerr << r.message;
        if (!r.message.empty() && r.message.back() != '\n') std::cerr << "\n";
        return 1;
    }
    std::string out;
    if (a.json) {
        json j{{"file", a.file},
               {"system", model->name()},
               {"status", std::string(graphs::to_string(r.status))},
               {"message", r.message},
               {"com_links", r.links.size()},
               {"skipped_links", r.skipped},
               {"failing_links", r.failing},
               {"evaluations", r.evaluations},
               {"worst_com_db", num(r.worst_com_db)}};
        json classes = json::array();
        for (const auto& c : r.classes) {
            const auto& ch = r.channels[c.worst.channel];
            classes.push_back(json{{"route", c.route},
                                   {"profile", c.profile},
                                   {"route_where", c.route_where},
                                   {"links", c.links},
                                   {"failing", c.failing},
                                   {"com_db", num(c.worst.com_db)},
                                   {"threshold_db", ch.threshold_db},
                                   {"pass", c.worst.pass},
                                   {"channel", c.worst.channel},
                                   {"worst_link", link_json(c.worst)},
                                   {"cases", cases_json(ch.cases)}});
        }
        j["classes"] = classes;
        json channels = json::array();
        for (const auto& ch : r.channels)
            channels.push_back(json{{"thru", ch.thru},
                                    {"next", ch.next},
                                    {"fext", ch.fext},
                                    {"config", ch.config},
                                    {"port_order", ch.port_order},
                                    {"where", ch.where},
                                    {"links", ch.links},
                                    {"status", ch.status == sigint::ComStatus::ok ? "ok" : "equalization_failed"},
                                    {"message", ch.message},
                                    {"com_db", num(ch.com_db)},
                                    {"threshold_db", ch.threshold_db},
                                    {"pass", ch.pass},
                                    {"il_nyquist_db", num(ch.il_nyquist_db)},
                                    {"fom_ild_db", num(ch.fom_ild_db)},
                                    {"icn_mv", num(ch.icn_mv)},
                                    {"cases", cases_json(ch.cases)}});
        j["channels"] = channels;
        if (a.links) {
            json links = json::array();
            for (const auto& l : r.links) links.push_back(link_json(l));
            j["links"] = links;
        }
        out = j.dump(2) + "\n";
    } else {
        out += fmt::format("COM of {} ({}): {}\n", model->name(), a.file, r.message);
        for (const auto& c : r.classes) {
            const auto& ch = r.channels[c.worst.channel];
            out += fmt::format("\n{} / {} ({}): {} links, {} failing; worst COM {} dB ({} at {:.1f} dB)\n",
                               c.route, c.profile, c.route_where, c.links, c.failing, com_text(c.worst.com_db),
                               c.worst.pass ? "PASS" : "FAIL", ch.threshold_db);
            out += fmt::format("  worst link {} -- {}\n", c.worst.port_a, c.worst.port_b);
            out += fmt::format("  channel {} (+{} NEXT, {} FEXT; {}), IL(f_b/2) {}, ICN {:.3f} mV\n", ch.thru,
                               ch.next.size(), ch.fext.size(), ch.config,
                               std::isfinite(ch.il_nyquist_db) ? fmt::format("{:.2f} dB", ch.il_nyquist_db)
                                                               : std::string("n/a"),
                               ch.icn_mv);
            if (ch.status != sigint::ComStatus::ok) out += "  " + ch.message + "\n";
            for (const auto& k : ch.cases)
                out += fmt::format("  case {}: COM {} dB  FOM {:.3f} dB  A_s {:.3f} mV  A_ni {:.3f} mV  {}\n",
                                   k.package_case, com_text(k.com_db), k.fom_db, k.as_mv, k.ani_mv,
                                   k.pass ? "PASS" : "FAIL");
        }
        if (a.links) {
            out += "\nlink  port_a -- port_b  COM [dB]\n";
            for (const auto& l : r.links)
                out += fmt::format("{}  {} -- {}  {}{}\n", l.link, l.port_a, l.port_b, com_text(l.com_db),
                                   l.pass ? "" : "  FAIL");
        }
    }
    if (!emit(out, a.out)) return 1;
    return r.status == graphs::ComAnalysisStatus::ok ? 0 : 1;
}

}  // namespace racklink::reports
