#include <catch2/catch.hpp>
#include <string>
#include "sigint/version.hpp"
TEST_CASE("the sigint library reports its version") {
    CHECK(std::string(racklink::sigint::version()) == "0.1.0");
}
