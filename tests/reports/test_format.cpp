#include <catch2/catch.hpp>

#include "reports/format.hpp"

using namespace racklink::reports;

TEST_CASE("quantities get engineering prefixes and three significant digits", "[format]") {
    CHECK(format_quantity(32.4e12, "B/s") == "32.4 TB/s");
    CHECK(format_quantity(3210.0, "m") == "3.21 km");
    CHECK(format_quantity(120e3, "W") == "120 kW");
    CHECK(format_quantity(0.0005, "m") == "500 µm");
    CHECK(format_quantity(0.0005, "m", {3, true}) == "500 um");
    CHECK(format_quantity(53.125e9, "Hz") == "53.1 GHz");
    CHECK(format_quantity(5e-12, "J/bit") == "5.00 pJ/bit");
    CHECK(format_quantity(-1.234, "dB") == "-1.23 dB");
    CHECK(format_quantity(0.0123, "dB") == "0.0123 dB");
}

TEST_CASE("rounding that carries into the next prefix moves the prefix", "[format]") {
    CHECK(format_quantity(999.6, "W") == "1.00 kW");
    CHECK(format_quantity(9.996, "W") == "10.0 W");
    CHECK(format_quantity(999.4, "W") == "999 W");
}

TEST_CASE("lengths stop at km and times at seconds", "[format]") {
    CHECK(format_quantity(12.5e6, "m") == "12500 km");
    CHECK(format_quantity(7200.0, "s") == "7200 s");
    CHECK(format_quantity(2.5e-9, "s") == "2.50 ns");
}

TEST_CASE("display units convert from the stored SI value", "[format]") {
    CHECK(format_quantity(0.999, "%") == "99.9 %");
    CHECK(format_quantity(0.9991, "%") == "99.91 %");
    CHECK(format_quantity(0.9981, "%") == "99.81 %");
    CHECK(format_quantity(0.99999, "%") == "99.999 %");
    CHECK(format_quantity(0.25, "%") == "25.0 %");
    CHECK(format_quantity(1.0, "%") == "100 %");
    CHECK(format_quantity(318.15, "degC") == "45.0 °C");
    CHECK(format_quantity(318.15, "degC", {3, true}) == "45.0 degC");
    CHECK(format_quantity(4.0 * 3600.0, "h") == "4.00 h");
    CHECK(format_quantity(12.0, "kg") == "12.0 kg");
    CHECK(format_quantity(0.45, "kg") == "450 g");
    CHECK(format_quantity(1500.0, "kg") == "1.50 t");
    CHECK(format_quantity(0.0, "kg") == "0 kg");
    CHECK(format_quantity(2.1e5, "W/m^2") == "210 kW/m^2");
    CHECK(format_quantity(2.1e5, "W/m^2") == "210 kW/m^2");
}

TEST_CASE("money is printed in dollars with k/M/B suffixes", "[format]") {
    CHECK(format_quantity(4.19, "USD") == "$4.19");
    CHECK(format_quantity(3.3e6, "USD") == "$3.30M");
    CHECK(format_quantity(125000.0, "USD") == "$125k");
    CHECK(format_quantity(-2.5e9, "USD") == "-$2.50B");
}

TEST_CASE("counts are exact integers and missing values read n/a", "[format]") {
    CHECK(format_quantity(1152.0, "") == "1152");
    CHECK(format_quantity(2.5, "") == "2.50");
    CHECK(format_quantity(std::nan(""), "W") == "n/a");
    CHECK(format_quantity(INFINITY, "h") == "inf h");
    CHECK(format_number(1.234e-7) == "1.23e-07");
    CHECK(format_number(0.0) == "0");
}

TEST_CASE("axis scales pick the prefix of the largest value", "[format]") {
    AxisScale a = axis_scale(56e9, "Hz");
    CHECK(a.unit == "GHz");
    CHECK(a.scale == Approx(1e-9));
    AxisScale p = axis_scale(0.5, "%");
    CHECK(p.scale == 100.0);
    AxisScale t = axis_scale(350.0, "degC");
    CHECK(t.offset == -273.15);
    CHECK(axis_scale(3.0, "dB").unit == "dB");
}
