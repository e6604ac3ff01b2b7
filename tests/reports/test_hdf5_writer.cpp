#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

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
