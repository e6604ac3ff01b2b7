#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <stdexcept>

#include "reports/atomic_file.hpp"
#include "reports/hdf5_writer.hpp"
#include "reports/table.hpp"

using namespace racklink::reports;

namespace {

std::string temp_path(const char* name) {
    return "/tmp/racklink-h5-" + std::to_string(::getpid()) + "-" + name;
}

bool file_exists(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }

}  // namespace

TEST_CASE("an HDF5 file round-trips datasets, units, groups and attributes", "[hdf5]") {
    std::string p = temp_path("roundtrip.h5");
    {
        H5Writer w(p, "racklink.test", 3);
        w.write_dataset("/axes/length", {0.5, 1.0, 1.5}, {}, "m");
        w.write_dataset("/outputs/loss", {1, 2, 3, 4, 5, 6}, {3, 2}, "dB");
        w.write_mask("/feasible", {1, 0, 1}, {3});
        w.write_strings("/names", {"copper", "cpo µ"});
        w.set_attribute("/outputs", "note", "grid order: C");
        w.set_attribute("/", "points", std::int64_t{6});
        w.set_attribute("/outputs/loss", "scale", 2.5);
        CHECK_FALSE(file_exists(p));  // nothing at the destination before commit
        w.commit();
    }
    REQUIRE(file_exists(p));
    H5Reader r(p);
    CHECK(r.number_attribute("/", "schema_version") == 3);
    CHECK(r.string_attribute("/", "schema") == "racklink.test");
    std::vector<std::size_t> dims;
    CHECK(r.read_doubles("/outputs/loss", &dims) == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(dims == std::vector<std::size_t>{3, 2});
    CHECK(r.string_attribute("/outputs/loss", "units") == "dB");
    CHECK(r.string_attribute("/axes/length", "units") == "m");
    CHECK(r.number_attribute("/outputs/loss", "scale") == 2.5);
    CHECK(r.read_doubles("/feasible") == std::vector<double>{1, 0, 1});
    CHECK(r.read_strings("/names") == std::vector<std::string>{"copper", "cpo µ"});
    CHECK(r.string_attribute("/outputs", "note") == "grid order: C");
    CHECK(r.exists("/axes/length"));
    CHECK_FALSE(r.exists("/axes/nope/deeper"));
    std::remove(p.c_str());
}

TEST_CASE("an abandoned HDF5 writer leaves no file", "[hdf5]") {
    std::string p = temp_path("abandoned.h5");
    try {
        H5Writer w(p, "racklink.test", 1);
        w.write_dataset("/a", {1, 2}, {}, "s");
        w.write_dataset("/b", {1, 2, 3}, {2}, "s");  // shape mismatch throws
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("/b: shape does not match 3 values") != std::string::npos);
    }
    CHECK_FALSE(file_exists(p));
    CHECK_THROWS_WITH(H5Reader(p), Catch::Contains("cannot open"));
}

TEST_CASE("a table is stored one dataset per row with units and NaN for missing", "[hdf5]") {
    std::string p = temp_path("table.h5");
    Table t;
    t.title = "options";
    t.columns = {"copper", "cpo"};
    t.add("interconnect power", "W", {8200.0, kMissing}, Better::lower);
    t.add("mass/tray", "kg", {12.0, 9.0}, Better::lower);
    {
        H5Writer w(p, "racklink.report", 1);
        write_table(w, "/tables/compare", t);
        w.commit();
    }
    H5Reader r(p);
    CHECK(r.read_strings("/tables/compare/columns") == t.columns);
    auto v = r.read_doubles("/tables/compare/0_interconnect_power");
    CHECK(v[0] == 8200.0);
    CHECK(std::isnan(v[1]));
    CHECK(r.string_attribute("/tables/compare/1_mass_tray", "units") == "kg");
    CHECK(r.string_attribute("/tables/compare/1_mass_tray", "verdict") ==
          "cpo is lowest: 9.00 kg vs 12.0 kg for copper (-25.0 %)");
    std::remove(p.c_str());
}

namespace {

std::string slurp(const std::string& p) {
    std::string s;
    if (std::FILE* f = std::fopen(p.c_str(), "rb")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
        std::fclose(f);
    }
    return s;
}

}  // namespace

// HDF5 is a module opened on first use (reports/src/hdf5_backend.hpp): commands that write no
// HDF5 file must not load libhdf5 and its dependencies at start-up (~5.5 ms of every process).
TEST_CASE("the racklink executable loads HDF5 only when it writes an HDF5 file", "[hdf5][cli]") {
    const std::string bin = RACKLINK_BIN;
    const std::string libs = temp_path("libs.txt");
    // LD_TRACE_LOADED_OBJECTS=1 makes the dynamic loader list what it loads at start-up (ldd).
    std::string cmd = "LD_TRACE_LOADED_OBJECTS=1 '" + bin + "' > '" + libs + "' 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string listed = slurp(libs);
    CHECK(listed.find("libstdc++") != std::string::npos);  // the listing itself worked
    CHECK(listed.find("hdf5") == std::string::npos);
    CHECK(listed.find("libcurl") == std::string::npos);
    std::remove(libs.c_str());

    // A sweep does write HDF5 through the module, found next to the executable.
    const std::string study = temp_path("cost.ini"), out = temp_path("cost.h5");
    write_file_atomic(study, "[sweep]\nevaluator = cost_per_token\nannual_cost = 3.3e6 USD/year\n"
                             "throughput = 25000 tok/s\noutput = cost_per_mtok [USD/Mtok]\n");
    cmd = "'" + bin + "' sweep -q '" + study + "' -o '" + out + "' > /dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK(H5Reader(out).string_attribute("/", "schema") == "racklink.sweep");
    std::remove(out.c_str());
    std::remove(study.c_str());
}

TEST_CASE("a missing HDF5 module is a clear error that names where it looked and writes nothing", "[hdf5][cli]") {
    const std::string bin = RACKLINK_BIN;
    const std::string study = temp_path("nomod.ini"), out = temp_path("nomod.h5"), err = temp_path("nomod.err");
    write_file_atomic(study, "[sweep]\nevaluator = cost_per_token\nannual_cost = 3.3e6 USD/year\n"
                             "throughput = 25000 tok/s\noutput = cost_per_mtok [USD/Mtok]\n");
    const std::string cmd = "RACKLINK_HDF5_MODULE=/nonexistent/racklink-hdf5.so '" + bin + "' sweep -q '" +
                            study + "' -o '" + out + "' > '" + err + "' 2>&1";
    const int rc = std::system(cmd.c_str());
    CHECK(WIFEXITED(rc));
    CHECK(WEXITSTATUS(rc) == 1);
    const std::string message = slurp(err);
    CHECK(message.find("racklink-hdf5.so, which could not be loaded") != std::string::npos);
    CHECK(message.find("/nonexistent/racklink-hdf5.so: ") != std::string::npos);
    CHECK_FALSE(file_exists(out));
    // nothing evaluated is lost: the grid is in the checkpoint, and the message says where
    CHECK(message.find("the evaluated points are kept in " + out + ".ckpt") != std::string::npos);
    CHECK(file_exists(out + ".ckpt"));
    std::remove((out + ".ckpt").c_str());
    std::remove(err.c_str());
    std::remove(study.c_str());
}
