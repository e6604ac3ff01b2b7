#include <catch2/catch.hpp>

#include "thermal/units.hpp"

using namespace racklink::thermal;
using Catch::Matchers::WithinAbs;

TEST_CASE("absolute temperatures parse with degC, K and degF") {
    CHECK_THAT(parse_temperature_k("45degC").value, WithinAbs(318.15, 1e-12));
    CHECK_THAT(parse_temperature_k("45 degC").value, WithinAbs(318.15, 1e-12));
    CHECK_THAT(parse_temperature_k("45\xC2\xB0" "C").value, WithinAbs(318.15, 1e-12));
    CHECK_THAT(parse_temperature_k("318 K").value, WithinAbs(318.0, 1e-12));
    CHECK_THAT(parse_temperature_k("318K").value, WithinAbs(318.0, 1e-12));
    CHECK_THAT(parse_temperature_k("113degF").value, WithinAbs(318.15, 1e-9));
    CHECK_THAT(parse_temperature_k("-40degC").value, WithinAbs(233.15, 1e-12));
    CHECK_THAT(parse_temperature_k("-40degF").value, WithinAbs(233.15, 1e-9));
}

TEST_CASE("temperature differences parse as kelvin") {
    CHECK_THAT(parse_temperature_difference_k("10K").value, WithinAbs(10.0, 1e-12));
    CHECK_THAT(parse_temperature_difference_k("10 degC").value, WithinAbs(10.0, 1e-12));
    CHECK_THAT(parse_temperature_difference_k("18degF").value, WithinAbs(10.0, 1e-12));
}

TEST_CASE("a temperature without a unit, with an unknown unit or below 0 K is an error") {
    CHECK(parse_temperature_k("45").error == "'45' needs a unit (K, degC or degF)");
    CHECK(parse_temperature_k("45 degR").error ==
          "unknown temperature unit 'degR' (use K, degC or degF)");
    CHECK(parse_temperature_k("hot").error == "'hot' is not a number with a unit");
    CHECK(parse_temperature_k("-300degC").error ==
          "temperature '-300degC' is below absolute zero");
    CHECK_FALSE(parse_temperature_k("-1 K").ok());
    CHECK(parse_temperature_difference_k("-5K").error ==
          "temperature difference '-5K' is negative");
}
