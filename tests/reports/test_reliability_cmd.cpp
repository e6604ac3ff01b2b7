#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "run_racklink.hpp"

TEST_CASE("racklink reliability and yield are registered and report usage errors with exit 2") {
    CHECK(run_racklink("reliability --help").code == 0);
    CHECK(run_racklink("yield --help").code == 0);
    CHECK(run_racklink("reliability").code == 2);  // FILE missing
    CHECK(run_racklink("reliability x.rack --replications 1").code == 2);
    CHECK(run_racklink("yield x.rack --samples 1").code == 2);
}

TEST_CASE("racklink reliability and yield exit 1 when the description does not load") {
    CliRun r = run_racklink("reliability /nonexistent/none.rack --json");
    CHECK(r.code == 1);
    CHECK(r.out.find("none.rack") != std::string::npos);
    CHECK(run_racklink("yield /nonexistent/none.rack").code == 1);
}
