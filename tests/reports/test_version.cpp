#include <catch2/catch.hpp>
#include <string>
#include "reports/version.hpp"
TEST_CASE("the reports library reports its version") {
    CHECK(std::string(racklink::reports::version()) == "0.1.0");
}
