// The foundation commands: check, stats, export.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "graphs/export.hpp"
#include "hdl/param_table.hpp"
#include "graphs/structure.hpp"
#include "reports/cli_util.hpp"
#include "reports/commands.hpp"

namespace racklink::reports {

void add_check_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::vector<std::string> files;
        std::vector<std::string> sets;
        bool quiet = false;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "check", "Validate .rack descriptions: print every diagnostic (file:line:col) and exit 1 "
                 "if any has an error");
    sub->add_option("files", o->files, "Description files (.rack)")->required();
    add_set_option(sub, o->sets);
    sub->add_flag("-q,--quiet", o->quiet, "Print only diagnostics, not the one-line summary per file");
    sub->callback([o, &exit_code] {
        int failed = 0;
        for (const auto& f : o->files) {
            int rc = 0;
            auto m = load_model(f, o->sets, rc);
            if (rc == 2) {
                exit_code = 2;
                return;
            }
            if (!m) {
                ++failed;
                if (!o->quiet) std::cout << f << ": FAILED\n";
                continue;
            }
            if (!o->quiet) {
                std::cout << fmt::format("{}: ok ({}: {} elements, {} links)\n", f, m->name(),
                                         boost::num_vertices(m->graph()), boost::num_edges(m->graph()));
            }
        }
        if (failed) exit_code = 1;
    });
}

void add_stats_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        std::vector<std::string> sets;
        std::vector<std::string> fail;
        std::string fabric = "scale_up";
        bool json = false;
        std::string out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "stats", "Structure figures: counts, links, lanes, differential pairs, cables, bandwidth, "
                 "bisection, diameter, edge connectivity, failure what-ifs");
    sub->add_option("file", o->file, "Description file (.rack)")->required();
    add_set_option(sub, o->sets);
    sub->add_option("--fail", o->fail,
                    "Fail these elements (instance paths, e.g. nvsw[3]; a prefix such as nvsw fails "
                    "every nvsw[i]) and report the degraded figures")
        ->type_name("NAME");
    sub->add_option("--fabric", o->fabric, "Fabric for bandwidth figures")
        ->check(CLI::IsMember({"scale_up", "scale_out", "host"}))
        ->capture_default_str();
    sub->add_flag("--json", o->json, "Print one JSON object instead of the text report");
    sub->add_option("-o,--out", o->out, "Write to this file (atomically) instead of stdout");
    sub->callback([o, &exit_code] {
        auto m = load_model(o->file, o->sets, exit_code);
        if (!m) return;
        graphs::StructureOptions so;
        so.fail = o->fail;
        so.fabric = *graphs::parse_fabric(o->fabric);
        // Scale-out figures are about the NICs: GPUs have no scale-out links.
        if (so.fabric == graphs::Fabric::scale_out) so.endpoint = graphs::Kind::nic;
        graphs::StructureResult r = graphs::analyze_structure(*m, so);
        if (r.status != graphs::StructureStatus::ok) {
            std::cerr << "racklink stats: error: " << r.message << "\n";
            exit_code = 1;
            return;
        }
        std::string text = o->json ? graphs::to_json(r).dump(2) + "\n"
                                   : graphs::render_structure_text(*m, r);
        if (!emit(text, o->out)) exit_code = 1;
    });
}

void add_export_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        std::vector<std::string> sets;
        std::string format = "json";
        std::string out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "export", "Export the elaborated model: JSON (every element, link, segment and parameter "
                  "with its source location) or Graphviz dot");
    sub->add_option("file", o->file, "Description file (.rack)")->required();
    add_set_option(sub, o->sets);
    sub->add_option("--format", o->format, "Output format")
        ->check(CLI::IsMember({"json", "dot"}))
        ->capture_default_str();
    sub->add_option("-o,--out", o->out, "Write to this file (atomically) instead of stdout");
    sub->callback([o, &exit_code] {
        auto m = load_model(o->file, o->sets, exit_code);
        if (!m) return;
        std::string text = o->format == "dot" ? graphs::export_dot(*m) : graphs::export_json(*m);
        if (!emit(text, o->out)) exit_code = 1;
    });
}

}  // namespace racklink::reports

namespace racklink::reports {

void add_params_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "params", "Print the parameter reference of every definition kind (Markdown; the source "
                  "of docs/parameters.md)");
    sub->add_option("-o,--out", o->out, "Write to this file (atomically) instead of stdout");
    sub->callback([o, &exit_code] {
        if (!emit(hdl::param_table_markdown(), o->out)) exit_code = 1;
    });
}

}  // namespace racklink::reports
