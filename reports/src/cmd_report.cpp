// `racklink report FILES... --out DIR`: a design-review package per system and across them
// (report.html, report.md, tables/*.csv, figures/*.png, results.h5; docs/report.md).

#include <iostream>
#include <memory>

#include "hdl/load.hpp"
#include "reports/commands.hpp"
#include "reports/report_command.hpp"
#include "reports/version.hpp"

namespace racklink::reports {

std::string LoadedSystem::label() const {
    if (model && !model->name().empty()) return model->name();
    auto slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    auto dot = base.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

Table structure_table(const std::vector<const LoadedSystem*>& systems) {
    using graphs::Kind;
    Table t;
    t.title = "Structure";
    t.key = "structure";
    const std::vector<std::pair<const char*, Kind>> kinds{
        {"racks", Kind::rack},           {"trays", Kind::tray},
        {"GPUs", Kind::gpu},             {"CPUs", Kind::cpu},
        {"switch chips", Kind::switch_chip}, {"network switches", Kind::network_switch},
        {"NICs", Kind::nic},             {"retimers", Kind::retimer},
        {"optical engines", Kind::optical_engine}};
    for (const auto* s : systems) t.columns.push_back(s->label());
    for (const auto& [name, kind] : kinds) {
        std::vector<double> v;
        for (const auto* s : systems) {
            double n = 0;
            for (auto vx : boost::make_iterator_range(boost::vertices(s->model->graph())))
                if (s->model->element(vx).kind == kind) n += 1;
            v.push_back(n);
        }
        t.add(name, "", v);
    }
    std::vector<double> links, lanes;
    for (const auto* s : systems) {
        double nl = 0, nla = 0;
        for (auto e : boost::make_iterator_range(boost::edges(s->model->graph()))) {
            nl += 1;
            nla += s->model->link(e).lanes;
        }
        links.push_back(nl);
        lanes.push_back(nla);
    }
    t.add("links", "", links);
    t.add("lanes per direction", "", lanes);
    return t;
}

Document build_design_review(const std::vector<LoadedSystem>& systems,
                             const std::string& racklink_version) {
    Document d;
    std::vector<const LoadedSystem*> good;
    std::vector<const LoadedSystem*> bad;
    for (const auto& s : systems) (s.model ? good : bad).push_back(&s);
    d.title = "RackLink design review";
    d.subtitle = "racklink " + racklink_version + " — " + std::to_string(good.size()) + " of " +
                 std::to_string(systems.size()) + " descriptions loaded";
    if (!good.empty()) {
        Section summary{"System summary", {}, {}};
        for (const auto* s : good) {
            Section one{s->label(), {}, {}};
            KeyValues kv;
            kv.items.push_back({"file", s->path});
            kv.items.push_back({"elements", std::to_string(boost::num_vertices(s->model->graph()))});
            kv.items.push_back({"links", std::to_string(boost::num_edges(s->model->graph()))});
            kv.items.push_back({"SerDes profiles", std::to_string(s->model->profiles().size())});
            one.blocks.push_back(kv);
            if (!s->diagnostics.empty()) one.blocks.push_back(Preformatted{s->diagnostics, false});
            summary.subsections.push_back(one);
        }
        d.sections.push_back(summary);
        // Integration point: the comparison table (docs/report.md rows) and the analysis
        // figures are added here as the analyses land.
        d.sections.push_back({"Comparison", {TableBlock{structure_table(good)}}, {}});
    }
    if (!bad.empty()) {
        Section failed{"Failed inputs",
                       {Paragraph{std::to_string(bad.size()) +
                                  " description(s) could not be loaded; they are left out of the "
                                  "tables and plots above."}},
                       {}};
        for (const auto* s : bad) {
            Section one{s->path, {Preformatted{s->diagnostics, true}}, {}};
            failed.subsections.push_back(one);
        }
        d.sections.push_back(failed);
    }
    return d;
}

int run_report_command(const ReportCommandOptions& o, std::ostream& out, std::ostream& err) {
    std::vector<LoadedSystem> systems;
    int rc = 0;
    for (const auto& f : o.files) {
        hdl::LoadResult r = hdl::load_file(f);
        LoadedSystem s{f, std::nullopt, r.diagnostics};
        if (r.ok()) s.model = std::move(r.model);
        else rc = 1;
        err << r.diagnostics;
        systems.push_back(std::move(s));
    }
    ReportWriteOptions wo;
    wo.png = o.png;
    wo.racklink_version = version();
    ReportWriteResult w = write_report(build_design_review(systems, version()), o.out_dir, wo);
    for (const auto& warning : w.warnings) err << "report: warning: " << warning << "\n";
    for (const auto& e : w.errors) err << "report: error: " << e << "\n";
    for (const auto& f : w.files) out << f << "\n";
    if (!w.ok()) rc = 1;
    if (rc != 0) {
        std::size_t failed = 0;
        for (const auto& s : systems) failed += s.model ? 0 : 1;
        if (failed) err << "report: " << failed << " of " << systems.size() << " files failed\n";
    }
    return rc;
}

}  // namespace racklink::reports
