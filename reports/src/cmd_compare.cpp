// `racklink compare` (interconnect options or descriptions side by side) and `racklink report`
// (the design-review package); docs/compare.md.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "reports/cli_util.hpp"
#include "reports/commands.hpp"
#include "reports/compare.hpp"
#include "reports/compare_command.hpp"
#include "reports/review.hpp"

namespace racklink::reports {

Table compare_table(const std::vector<const LoadedSystem*>& systems,
                    const std::vector<std::string>& labels) {
    std::vector<SystemAnalysis> analyses;
    analyses.reserve(systems.size());
    for (std::size_t i = 0; i < systems.size(); ++i)
        analyses.push_back(analyze_system(*systems[i]->model,
                                          i < labels.size() ? labels[i] : systems[i]->label(),
                                          systems[i]->path));
    std::vector<const SystemAnalysis*> ptrs;
    for (const auto& a : analyses) ptrs.push_back(&a);
    return comparison_table(ptrs);
}

namespace {

struct CompareCli {
    CompareCommandOptions base;
    std::vector<std::string> sets;
    ReviewOptions review;
};

int run_compare(const CompareCli& c, std::ostream& out, std::ostream& err) {
    const auto& o = c.base;
    if (!o.options.empty() && o.files.size() != 1) {
        err << "racklink compare: --options takes exactly one description file\n";
        return 2;
    }
    if (auto msg = c.review.validate(); !msg.empty()) {
        err << "racklink compare: " << msg << "\n";
        return 2;
    }
    std::vector<std::pair<std::string, std::string>> overrides;
    std::vector<std::string> import_dirs;
    if (auto msg = parse_sets(c.sets, overrides, import_dirs); !msg.empty()) {
        err << "racklink compare: " << msg << "\n";
        return 2;
    }
    std::vector<ReviewInput> inputs;
    if (!o.options.empty()) {
        for (const auto& opt : o.options) {
            ReviewInput in{o.files[0], opt, overrides, {}, {}};
            in.set.emplace_back(o.option_param, opt);
            inputs.push_back(std::move(in));
        }
    } else {
        for (const auto& f : o.files) inputs.push_back(ReviewInput{f, "", overrides, {}, {}});
    }
    load_inputs(inputs, import_dirs, c.review.threads);
    int rc = 0;
    for (const auto& in : inputs) {
        err << in.diagnostics;
        if (!in.model) {
            rc = 1;
            err << "racklink compare: " << in.path
                << (o.options.empty() ? "" : " with " + o.option_param + "=" + in.label)
                << " failed to load; left out of the table\n";
        }
    }
    auto analyses = analyze_inputs(inputs, c.review);
    std::vector<const SystemAnalysis*> good;
    for (const auto& a : analyses)
        if (a) good.push_back(&*a);
    if (good.empty()) {
        err << "racklink compare: nothing to compare (no description loaded)\n";
        return 1;
    }
    Table t = comparison_table(good);
    t.title = o.options.empty() ? "Comparison of " + std::to_string(good.size()) + " descriptions"
                                : "Interconnect options of " + o.files[0];
    auto notes = analysis_notes(good);
    switch (o.format) {
        case CompareFormat::text:
            out << to_text(t);
            if (!notes.empty()) {
                out << "\nnotes:\n";
                for (const auto& n : notes) out << "  " << n << "\n";
            }
            break;
        case CompareFormat::json: {
            auto j = to_json(t);
            j["notes"] = notes;
            out << j.dump(2) << "\n";
            break;
        }
        case CompareFormat::csv:
            out << to_csv(t);
            for (const auto& n : notes) err << "note: " << n << "\n";
            break;
        case CompareFormat::markdown:
            out << to_markdown(t);
            if (!notes.empty()) {
                out << "\nNotes:\n\n";
                for (const auto& n : notes) out << "- " << n << "\n";
            }
            break;
    }
    return rc;
}

void add_review_options(CLI::App* sub, ReviewOptions& r) {
    sub->add_option("--study", r.study, "Name of the study part with the cost inputs");
    sub->add_option("--seed", r.seed, "Seed of the fleet and impedance Monte Carlo");
    sub->add_option("--fleet-racks", r.fleet_racks,
                    "Fleet Monte Carlo size in racks (default 128)")
        ->check(CLI::PositiveNumber);
    sub->add_option("--fleet-years", r.fleet_years, "Fleet Monte Carlo horizon in years")
        ->check(CLI::PositiveNumber);
    sub->add_option("-j,--threads", r.threads,
                    "Worker threads of each parallel stage: systems, Monte Carlo, COM channels, "
                    "figures (default 0 = all cores; results do not depend on it)")
        ->check(CLI::Range(0u, 1024u));
}

}  // namespace

int run_compare_command(const CompareCommandOptions& o, std::ostream& out, std::ostream& err) {
    return run_compare(CompareCli{o, {}, {}}, out, err);
}

void add_compare_command(CLI::App& app, int& exit_code) {
    auto c = std::make_shared<CompareCli>();
    auto json = std::make_shared<bool>(false), csv = std::make_shared<bool>(false),
         md = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand(
        "compare", "Compare interconnect options or descriptions side by side");
    sub->add_option("files", c->base.files, "Description files (.rack)")->required();
    sub->add_option("--options", c->base.options,
                    "Interconnect options of one file, each loaded with --set "
                    "<option-param>=VALUE (e.g. copper,backplane,cpo)")
        ->delimiter(',');
    sub->add_option("--option-param", c->base.option_param,
                    "Top-level parameter set by --options (default: interconnect)");
    auto* j = sub->add_flag("--json", *json, "JSON output");
    auto* cs = sub->add_flag("--csv", *csv, "CSV output (RFC 4180)");
    auto* m = sub->add_flag("--markdown", *md, "Markdown output");
    j->excludes(cs)->excludes(m);
    cs->excludes(m);
    add_set_option(sub, c->sets);
    add_review_options(sub, c->review);
    sub->callback([c, json, csv, md, &exit_code] {
        c->base.format = *json  ? CompareFormat::json
                         : *csv ? CompareFormat::csv
                         : *md  ? CompareFormat::markdown
                                : CompareFormat::text;
        exit_code = run_compare(*c, std::cout, std::cerr);
    });
}

void add_review_commands(CLI::App& app, int& exit_code) {
    add_compare_command(app, exit_code);

    auto o = std::make_shared<ReviewReportOptions>();
    auto no_png = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand(
        "report", "Write a design-review package (report.html, report.md, CSV, results.h5)");
    sub->add_option("files", o->files, "Description files (.rack)")->required();
    sub->add_option("-o,--out", o->out_dir, "Output directory")->required();
    sub->add_flag("--no-png", *no_png, "Skip the PNG figure files");
    sub->add_flag("--strict", o->strict, "Exit 1 also when an analysis reports an error");
    add_set_option(sub, o->sets);
    add_review_options(sub, o->review);
    sub->callback([o, no_png, &exit_code] {
        o->png = !*no_png;
        exit_code = run_review_report(*o, std::cout, std::cerr);
    });
}

}  // namespace racklink::reports
