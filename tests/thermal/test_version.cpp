#include <catch2/catch.hpp>
#include <string>

#include "thermal/version.hpp"
TEST_CASE("the thermal library reports its version") {
    CHECK(std::string(racklink::thermal::version()) == "0.1.0");
}
