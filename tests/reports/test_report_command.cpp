#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "reports/atomic_file.hpp"
#include "reports/compare_command.hpp"
#include "reports/report_command.hpp"

using namespace racklink::reports;
using namespace racklink::graphs;

namespace {

Model two_gpus_one_switch() {
    ModelBuilder b;
    b.set_name("mini");
    b.add_file("mini.rack");
    Vertex r = b.add_element({.kind = Kind::rack, .name = "rack"});
    (void)r;
    Vertex g0 = b.add_element({.kind = Kind::gpu, .name = "g0"});
    Vertex g1 = b.add_element({.kind = Kind::gpu, .name = "g1"});
    Vertex s = b.add_element({.kind = Kind::switch_chip, .name = "s0"});
    Link l;
    l.lanes = 18;
    b.add_link(g0, s, l, {});
    b.add_link(g1, s, l, {});
    return std::move(b).finish();
}

}  // namespace

TEST_CASE("the design review counts structure per system and lists failed inputs", "[report]") {
    std::vector<LoadedSystem> systems;
    systems.push_back({"mini.rack", two_gpus_one_switch(), ""});
    systems.push_back({"dir/bad.rack", std::nullopt, "dir/bad.rack:3:7: error: unknown unit\n"});
    std::vector<const LoadedSystem*> good{&systems[0]};
    Table t = structure_table(good);
    CHECK(t.columns == std::vector<std::string>{"mini"});
    auto row = [&](const std::string& name) {
        for (const auto& r : t.rows)
            if (r.name == name) return r.values.at(0);
        return -1.0;
    };
    CHECK(row("racks") == 1);
    CHECK(row("GPUs") == 2);
    CHECK(row("switch chips") == 1);
    CHECK(row("links") == 2);
    CHECK(row("lanes per direction") == 36);
    CHECK(systems[1].label() == "bad");

    std::string md = render_markdown(build_design_review(systems, "0.1.0"));
    CHECK(md.find("racklink 0.1.0 — 1 of 2 descriptions loaded") != std::string::npos);
    CHECK(md.find("| GPUs | 2 |") != std::string::npos);
    CHECK(md.find("### dir/bad.rack\n\n```\ndir/bad.rack:3:7: error: unknown unit\n```") !=
          std::string::npos);
}

TEST_CASE("a report over bad files still writes the package and exits 1", "[report]") {
    char tmpl[] = "/tmp/racklink-rc-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    std::string dir = tmpl;
    std::ostringstream out, err;
    int rc = run_report_command({.files = {dir + "/missing.rack"}, .out_dir = dir + "/r"}, out,
                                err);
    CHECK(rc == 1);
    CHECK(err.str().find(dir + "/missing.rack") != std::string::npos);
    CHECK(err.str().find("report: 1 of 1 files failed") != std::string::npos);
    CHECK(read_file(dir + "/r/report.md").find("## Failed inputs") != std::string::npos);
    CHECK(read_file(dir + "/r/report.html").find("<pre class=\"error\">") != std::string::npos);
    std::string cmd = "rm -rf '" + dir + "'";
    CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("the racklink binary runs sweep and report end to end", "[report][cli]") {
    char tmpl[] = "/tmp/racklink-cli-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    std::string dir = tmpl;
    write_file_atomic(dir + "/cost.ini",
                      "[sweep]\nevaluator = cost_per_token\nannual_cost = 3.3e6 USD/year\n"
                      "throughput = 25000 tok/s\noutput = cost_per_mtok [USD/Mtok]\n");
    std::string bin = RACKLINK_BIN;
    std::string cmd = "'" + bin + "' sweep -q '" + dir + "/cost.ini' -o '" + dir + "/c.h5' > '" +
                      dir + "/out.txt' 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(read_file(dir + "/out.txt").rfind("sweep: wrote " + dir + "/c.h5: 1 points", 0) == 0);
    cmd = "'" + bin + "' sweep '" + dir + "/nope.ini' > /dev/null 2>&1";
    CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 1);
    cmd = "'" + bin + "' sweep > /dev/null 2>&1";
    CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 2);
    cmd = "'" + bin + "' report '" + dir + "/x.rack' --no-png --out '" + dir + "/r' > /dev/null 2>&1";
    CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 1);
    CHECK(read_file(dir + "/r/report.md").find("Failed inputs") != std::string::npos);
    cmd = "rm -rf '" + dir + "'";
    CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("compare prints one column per system in every format", "[compare]") {
    std::vector<LoadedSystem> systems;
    systems.push_back({"a.rack", two_gpus_one_switch(), ""});
    systems.push_back({"b.rack", two_gpus_one_switch(), ""});
    Table t = compare_table({&systems[0], &systems[1]}, {"copper", "cpo"});
    CHECK(t.columns == std::vector<std::string>{"copper", "cpo"});
    CHECK(t.validate().empty());
    CHECK(to_markdown(t).find("| GPUs | 2 | 2 |") != std::string::npos);
}

TEST_CASE("compare reports load failures and usage errors with exit codes", "[compare]") {
    std::ostringstream out, err;
    CHECK(run_compare_command({.files = {"a.rack", "b.rack"}, .options = {"copper", "cpo"}}, out,
                              err) == 2);
    CHECK(err.str() == "racklink compare: --options takes exactly one description file\n");
    std::ostringstream out2, err2;
    CHECK(run_compare_command({.files = {"/nonexistent/a.rack"}, .options = {"copper"}}, out2,
                              err2) == 1);
    CHECK(err2.str().find("/nonexistent/a.rack") != std::string::npos);
    CHECK(err2.str().find("nothing to compare") != std::string::npos);
}

TEST_CASE("report -j 1 and -j 2 write the same package; -j beyond 1024 is a usage error", "[report][cli]") {
    char tmpl[] = "/tmp/racklink-j-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    const std::string dir = tmpl, bin = RACKLINK_BIN;
    const std::string files = "'" RACKLINK_SOURCE_DIR "/examples/gb200_nvl72.rack' '" RACKLINK_SOURCE_DIR
                              "/examples/com_backplane.rack'";
    for (const char* j : {"1", "2"}) {  // every parallel stage: systems, Monte Carlo, COM, figures
        const std::string cmd = "'" + bin + "' report " + files + " --no-png -j " + j + " --out '" + dir + "/j" + j +
                                "' > /dev/null 2>&1";
        CHECK(std::system(cmd.c_str()) == 0);
    }
    for (const char* f : {"report.md", "tables/compare.csv", "tables/ComBackplaneChassis_com.csv"}) {
        INFO(f);
        const std::string one = read_file(dir + "/j1/" + f);
        CHECK(one.size() > 100);
        CHECK(one == read_file(dir + "/j2/" + f));
    }
    std::string cmd = "'" + bin + "' compare " + files + " -j 1025 > '" + dir + "/err.txt' 2>&1";
    CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 2);
    CHECK(read_file(dir + "/err.txt").find("--threads: Value 1025 not in range 0 to 1024") != std::string::npos);
    cmd = "rm -rf '" + dir + "'";
    CHECK(std::system(cmd.c_str()) == 0);
}
