// `racklink compare`: interconnect options or descriptions side by side (docs/report.md).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "hdl/load.hpp"
#include "reports/commands.hpp"
#include "reports/compare_command.hpp"

namespace racklink::reports {

Table compare_table(const std::vector<const LoadedSystem*>& systems,
                    const std::vector<std::string>& labels) {
    Table t = structure_table(systems);
    t.title = "Comparison";
    t.key = "compare";
    t.columns = labels;
    // Integration point: rows from the analyses (cables and length, margins, power, thermal
    // density, yield and cost, MTBF/MTTR/availability, cost per million tokens) go here.
    return t;
}

int run_compare_command(const CompareCommandOptions& o, std::ostream& out, std::ostream& err) {
    if (!o.options.empty() && o.files.size() != 1) {
        err << "racklink compare: --options takes exactly one description file\n";
        return 2;
    }
    std::vector<LoadedSystem> systems;
    std::vector<std::string> labels;
    int rc = 0;
    auto load = [&](const std::string& file, const hdl::LoadOptions& lo, std::string label) {
        hdl::LoadResult r = hdl::load_file(file, lo);
        err << r.diagnostics;
        LoadedSystem s{file, std::nullopt, r.diagnostics};
        if (r.ok()) s.model = std::move(r.model);
        else rc = 1;
        if (label.empty()) label = s.label();
        systems.push_back(std::move(s));
        labels.push_back(std::move(label));
    };
    if (!o.options.empty()) {
        for (const auto& opt : o.options) {
            hdl::LoadOptions lo;
            lo.set.push_back({o.option_param, opt});
            load(o.files[0], lo, opt);
        }
    } else {
        for (const auto& f : o.files) load(f, {}, "");
    }
    std::vector<const LoadedSystem*> good;
    std::vector<std::string> good_labels;
    for (std::size_t i = 0; i < systems.size(); ++i)
        if (systems[i].model) {
            good.push_back(&systems[i]);
            good_labels.push_back(labels[i]);
        }
    if (good.empty()) {
        err << "racklink compare: nothing to compare (no description loaded)\n";
        return 1;
    }
    Table t = compare_table(good, good_labels);
    switch (o.format) {
        case CompareFormat::text: out << to_text(t); break;
        case CompareFormat::json: out << to_json(t).dump(2) << "\n"; break;
        case CompareFormat::csv: out << to_csv(t); break;
        case CompareFormat::markdown: out << to_markdown(t); break;
    }
    return rc;
}

void add_compare_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<CompareCommandOptions>();
    auto json = std::make_shared<bool>(false), csv = std::make_shared<bool>(false),
         md = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand(
        "compare", "Compare interconnect options or descriptions side by side");
    sub->add_option("files", o->files, "Description files (.rack)")->required();
    sub->add_option("--options", o->options, "Interconnect options of one file (a,b,c)")
        ->delimiter(',');
    sub->add_option("--option-param", o->option_param,
                    "Top-level parameter set by --options (default: interconnect)");
    auto* j = sub->add_flag("--json", *json, "JSON output");
    auto* c = sub->add_flag("--csv", *csv, "CSV output (RFC 4180)");
    auto* m = sub->add_flag("--markdown", *md, "Markdown output");
    j->excludes(c)->excludes(m);
    c->excludes(m);
    sub->callback([o, json, csv, md, &exit_code] {
        o->format = *json  ? CompareFormat::json
                    : *csv ? CompareFormat::csv
                    : *md  ? CompareFormat::markdown
                           : CompareFormat::text;
        exit_code = run_compare_command(*o, std::cout, std::cerr);
    });
}

}  // namespace racklink::reports
