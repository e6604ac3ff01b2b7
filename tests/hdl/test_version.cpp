#include <catch2/catch.hpp>
#include <string>
#include "hdl/version.hpp"
TEST_CASE("the hdl library reports its version") {
    CHECK(std::string(racklink::hdl::version()) == "0.1.0");
}
