#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/atomic_file.hpp"
#include "reports/hdf5_writer.hpp"
#include "reports/review.hpp"

using namespace racklink::reports;
namespace fs = std::filesystem;

namespace {

std::string src_dir() { return RACKLINK_SOURCE_DIR; }

std::string temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "racklink-review-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

/// The source directory replaced by `<src>` so goldens do not depend on the checkout path.
std::string normalize(std::string s) {
    const std::string src = src_dir();
    for (auto p = s.find(src); p != std::string::npos; p = s.find(src, p))
        s.replace(p, src.size(), "<src>");
    return s;
}

void check_review_golden(const std::string& name, const std::string& actual) {
    std::string path = src_dir() + "/tests/golden/review/" + name;
    const char* regen = std::getenv("RACKLINK_REGEN_GOLDEN");
    if (regen && std::string(regen) == "1") {
        write_file_atomic(path, actual);
        WARN("golden file rewritten: " << path);
        return;
    }
    INFO("golden file " << path << " (RACKLINK_REGEN_GOLDEN=1 regenerates it)");
    REQUIRE(fs::exists(path));
    CHECK(actual == read_file(path));
}

std::vector<std::string> files_under(const std::string& dir) {
    std::vector<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("the report of a small example matches its golden report.md and reruns identically",
          "[review]") {
    std::string dir = temp_dir();
    ReviewReportOptions o;
    o.files = {src_dir() + "/examples/nvl4_server.rack"};
    o.out_dir = dir + "/r1";
    o.png = false;
    std::ostringstream out, err;
    REQUIRE(run_review_report(o, out, err) == 0);
    std::string md = read_file(dir + "/r1/report.md");
    check_review_golden("nvl4_report.md", normalize(md));

    o.out_dir = dir + "/r2";
    std::ostringstream out2, err2;
    REQUIRE(run_review_report(o, out2, err2) == 0);
    CHECK(read_file(dir + "/r2/report.md") == md);
    CHECK(read_file(dir + "/r2/tables/compare.csv") == read_file(dir + "/r1/tables/compare.csv"));

    // results.h5: schema and version at the root, units on every table row.
    H5Reader h5(dir + "/r1/results.h5");
    CHECK(h5.string_attribute("/", "schema") == "racklink.report");
    CHECK(h5.number_attribute("/", "schema_version") >= 1);
    auto rows = h5.read_strings("/tables/compare/rows");
    REQUIRE(!rows.empty());
    CHECK(rows[0] == "GPUs");
    CHECK(h5.read_doubles("/tables/compare/0_GPUs") == std::vector<double>{4.0});
    CHECK(h5.string_attribute("/tables/compare/5_total_cable_length", "units") == "m");
    // Every link's margin is behind the histogram (NVL4: 36 links of the GPU mesh).
    auto margins = h5.read_doubles("/figures/NVL4Server_margin/values");
    CHECK(margins.size() == 36);
    CHECK(h5.string_attribute("/figures/NVL4Server_margin/values", "units") == "dB");
    // One self-contained page: inline SVG, nothing fetched.
    std::string html = read_file(dir + "/r1/report.html");
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("src=\"http") == std::string::npos);
    CHECK(html.find("href=\"http") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a bad file among good ones is reported, the rest renders, exit code 1", "[review]") {
    std::string dir = temp_dir();
    write_file_atomic(dir + "/bad.rack", "rack Bad {\n  height = 48 parsecs\n}\n");
    ReviewReportOptions o;
    o.files = {src_dir() + "/examples/nvl4_server.rack", dir + "/bad.rack"};
    o.out_dir = dir + "/r";
    o.png = false;
    std::ostringstream out, err;
    CHECK(run_review_report(o, out, err) == 1);
    CHECK(err.str().find(dir + "/bad.rack:2:") != std::string::npos);
    CHECK(err.str().find("report: 1 of 2 files failed to load") != std::string::npos);
    std::string md = read_file(dir + "/r/report.md");
    CHECK(md.find("NVL4Server") != std::string::npos);
    CHECK(md.find("## Failed inputs") != std::string::npos);
    CHECK(md.find(dir + "/bad.rack:2:") != std::string::npos);
    CHECK(md.find("1 of 2 descriptions loaded") != std::string::npos);
    // Complete files only: no temporaries left behind.
    for (const auto& f : files_under(dir + "/r")) {
        INFO(f);
        CHECK(f.find(".tmp") == std::string::npos);
    }
    fs::remove_all(dir);
}

TEST_CASE("a report that cannot be written leaves no partial files and exits 1", "[review]") {
    std::string dir = temp_dir();
    write_file_atomic(dir + "/blocker", "a file where the output directory should be\n");
    ReviewReportOptions o;
    o.files = {src_dir() + "/examples/nvl4_server.rack"};
    o.out_dir = dir + "/blocker/r";
    o.png = false;
    std::ostringstream out, err;
    CHECK(run_review_report(o, out, err) == 1);
    CHECK(err.str().find("report: error:") != std::string::npos);
    CHECK(files_under(dir) == std::vector<std::string>{"blocker"});

    // A read-only output directory: nothing is created inside it.
    fs::create_directory(dir + "/ro");
    chmod((dir + "/ro").c_str(), 0555);
    if (access((dir + "/ro").c_str(), W_OK) != 0) {  // root ignores the mode
        o.out_dir = dir + "/ro";
        std::ostringstream out2, err2;
        CHECK(run_review_report(o, out2, err2) == 1);
        CHECK(files_under(dir + "/ro").empty());
    }
    chmod((dir + "/ro").c_str(), 0755);
    fs::remove_all(dir);
}

TEST_CASE("report usage errors exit 2", "[review]") {
    std::ostringstream out, err;
    ReviewReportOptions o;
    o.files = {"x.rack"};
    CHECK(run_review_report(o, out, err) == 2);
    o.out_dir = "/tmp/never-written";
    o.sets = {"interconnect"};
    CHECK(run_review_report(o, out, err) == 2);
    CHECK(err.str().find("--set interconnect: expected NAME=VALUE") != std::string::npos);
    CHECK_FALSE(fs::exists("/tmp/never-written"));
}

TEST_CASE("a COM link whose file is missing gives the com status error and the review is written",
          "[review][com]") {
    // The example chassis with its channel files given by absolute path and one NEXT file gone.
    std::string dir = temp_dir();
    std::string text = read_file(src_dir() + "/examples/com_backplane.rack");
    const std::string data = src_dir() + "/examples/data/";
    for (auto p = text.find("\"data/"); p != std::string::npos; p = text.find("\"data/", p + 1))
        text.replace(p + 1, 5, data);
    const std::string next = "next = [\"" + data + "card_next.s4p\"]";
    auto at = text.find(next);
    REQUIRE(at != std::string::npos);
    text.replace(at, next.size(), "next = [\"gone_next.s4p\"]");
    write_file_atomic(dir + "/chassis.rack", text);

    ReviewReportOptions o;
    o.files = {dir + "/chassis.rack"};
    o.out_dir = dir + "/r";
    o.png = false;
    std::ostringstream out, err;
    CHECK(run_review_report(o, out, err) == 0);  // an analysis error fails only with --strict
    std::string md = read_file(dir + "/r/report.md");
    // Line 14 of the example holds NearChannel's `next`; its value starts in column 10.
    const std::string msg =
        dir + "/chassis.rack:14:10: cannot find Touchstone file 'gone_next.s4p' (next)";
    std::string escaped;  // Markdown text escapes '_'
    for (char c : msg) escaped += c == '_' ? std::string("\\_") : std::string(1, c);
    CHECK(md.find("- **analysis: com:** error — " + escaped + "\n") != std::string::npos);
    CHECK(md.find("## ComBackplaneChassis: Channel Operating Margin") != std::string::npos);
    CHECK(md.find("```\n" + msg + "\n```") != std::string::npos);
    // The rest of the review is there: the other analyses ran, COM rows are n/a with the reason.
    CHECK(md.find("- **analysis: sigint:** ok\n") != std::string::npos);
    CHECK(md.find("- **analysis: thermal:** ok\n") != std::string::npos);
    CHECK(md.find("| worst COM | n/a |") != std::string::npos);
    CHECK(md.find("com unavailable, see notes") != std::string::npos);
    CHECK(md.find("## ComBackplaneChassis: details") != std::string::npos);
    CHECK(fs::exists(dir + "/r/report.html"));
    CHECK(fs::exists(dir + "/r/tables/compare.csv"));
    CHECK_FALSE(fs::exists(dir + "/r/tables/ComBackplaneChassis_com.csv"));
    // With --strict the COM error fails the command; the package is still written.
    o.strict = true;
    o.out_dir = dir + "/strict";
    std::ostringstream out2, err2;
    CHECK(run_review_report(o, out2, err2) == 1);
    CHECK(fs::exists(dir + "/strict/report.md"));
    fs::remove_all(dir);
}
