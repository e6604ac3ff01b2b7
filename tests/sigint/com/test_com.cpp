#include <catch2/catch.hpp>

#include "sigint/com.hpp"

using namespace racklink::sigint;

TEST_CASE("COM configuration parses ranges and matrices as MATLAB does", "[com]") {
    ComConfig c = parse_com_config("a = [-0.18:0.02:0]\nb = [12 31; 1.8 1.8]\n", "t");
    REQUIRE(c.find("a")->linear().size() == 10);
    CHECK(c.find("a")->linear().back() == 0.0);
    CHECK(c.find("b")->rows.size() == 2);
}
