// Diagnostics: the exact rendered text (file:line:col, message, id, source line, caret).
#include <catch2/catch.hpp>

#include <string>

#include "hdl/load.hpp"

using namespace racklink;

namespace {
hdl::LoadResult load(const std::string& text, hdl::LoadOptions o = {}) {
    return hdl::load_string(text, "t.rack", o);
}

const char* kPrelude = R"(serdes P { baud = 53.125 GBd  lane_rate = 100 Gb/s  loss_budget = 28 dB }
serdes Q { baud = 106.25 GBd  lane_rate = 200 Gb/s  loss_budget = 40 dB }
device G : gpu { power = 700 W  port l[2]: P x 2 }
device S : switch_chip { port p[4]: P x 2 }
device W : switch_chip { port p[4]: Q x 2 }
tray T { height = 1 U  g[2]: G }
)";
}  // namespace

TEST_CASE("a syntax error is rendered with file, line, column, id, source line and caret") {
    auto r = load("rack R {\n  x[2]: \n}\n");
    CHECK_FALSE(r.ok());
    CHECK(r.diagnostics == R"(t.rack:3:1: error: expected a type name, found '}' [HDL-0006]
    }
    ^
)");
}

TEST_CASE("the parser recovers and reports every error") {
    auto r = load(std::string(kPrelude) + R"(rack R {
  height = 48 U )
  t: T at units(1)
  t2: T at units(2) (
  s: S
}
)");
    CHECK(r.diagnostics.find("t.rack:8:17: error: expected a statement, found ')' [HDL-0006]") != std::string::npos);
    CHECK(r.diagnostics.find("t.rack:10:21: error: expected a statement, found '(' [HDL-0006]") != std::string::npos);
}

TEST_CASE("a misspelt parameter is an error with a did-you-mean") {
    auto r = load(std::string(kPrelude) + "device X : gpu { powr = 5 W }\nrack R { x: X }\n");
    CHECK(r.diagnostics ==
          R"(t.rack:7:18: error: unknown parameter 'powr' for gpu (declare a new one with 'param powr = ...'); did you mean 'power'? [HDL-0011]
    device X : gpu { powr = 5 W }
                     ^
)");
}

TEST_CASE("a value of the wrong dimension is an error naming both dimensions") {
    auto r = load(std::string(kPrelude) + "device X : gpu { power = 5 mm }\nrack R { x: X }\n");
    CHECK(r.diagnostics ==
          R"(t.rack:7:26: error: parameter 'power' is a power (m^2*kg/s^3, e.g. in W), but the value is a length (m) [HDL-0012]
    device X : gpu { power = 5 mm }
                             ^
)");
}

TEST_CASE("a misspelt type and a misspelt member get suggestions") {
    auto r = load(std::string(kPrelude) + R"(rack R {
  t: TT
  u: T
  route r = [pcb_trace(length = 1 mm)]
  u.gg[0].l[0] -- r -- u.g[1].l[0]
}
)");
    CHECK(r.diagnostics.find("t.rack:8:6: error: unknown type 'TT'; did you mean 'T'? [HDL-0010]") != std::string::npos);
    CHECK(r.diagnostics.find("t.rack:11:4: error: 'u' has no member 'gg'; did you mean 'g'? [HDL-0015]") != std::string::npos);
}

TEST_CASE("connecting ports of different profiles is an error with notes at both ports") {
    auto r = load(std::string(kPrelude) + R"(rack R {
  t: T
  w: W
  route r = [pcb_trace(length = 1 mm)]
  t.g[0].l[0] -- r -- w.p[0]
}
)");
    CHECK(r.diagnostics.find("t.rack:11:3: error: cannot connect t.g[0].l[0] (P) to w.p[0] (Q): different SerDes profiles [HDL-0018]") != std::string::npos);
    CHECK(r.diagnostics.find("t.rack:3:33: note: 'l' is declared here") != std::string::npos);
}

TEST_CASE("an over-subscribed port and unconnected ports are errors") {
    auto r = load(std::string(kPrelude) + R"(rack R {
  t: T
  s: S
  route r = [pcb_trace(length = 1 mm)]
  t.g[0].l[0] -- r -- s.p[0]
  t.g[1].l[0] -- r -- s.p[0]
}
)");
    CHECK(r.diagnostics.find("t.rack:12:26: error: port s.p[0] is already connected [HDL-0020]") != std::string::npos);
    CHECK(r.diagnostics.find("t.rack:11:3: note: first connected here") != std::string::npos);
    CHECK(r.diagnostics.find("error: 3 ports of 'l' are unconnected on 2 devices (e.g. t.g[0].l[1]); connect them or declare the port 'spare' [HDL-0021]") != std::string::npos);
    CHECK(r.diagnostics.find("error: 3 ports of 'p' are unconnected on 1 device (e.g. s.p[1])") != std::string::npos);
}

TEST_CASE("an index out of range names the vector size") {
    auto r = load(std::string(kPrelude) + R"(rack R {
  t: T
  s: S
  route r = [pcb_trace(length = 1 mm)]
  for i in 0..<2, k in 0..<2 { t.g[i].l[k] -- r -- s.p[2*i + k + 1] }
}
)");
    CHECK(r.diagnostics.find("t.rack:11:64: error: index 4 is out of range: the vector has 4 elements (0..<4) [HDL-0016]") != std::string::npos);
}

TEST_CASE("a failed assert reports its message and where it was evaluated") {
    auto r = load(std::string(kPrelude) + "rack R {\n  t[2]: T\n  assert count(\"gpu\") == 5, \"five GPUs\"\n}\n");
    CHECK(r.diagnostics.find("t.rack:9:3: error: assertion failed: five GPUs (in R) [HDL-0025]") != std::string::npos);
}

TEST_CASE("an option set to an unknown value is an error with a suggestion") {
    hdl::LoadOptions o;
    o.set = {{"interconnect", "cpp"}};
    auto r = load("option interconnect: \"copper\" | \"cpo\" = \"copper\"\nrack R {}\n", o);
    CHECK(r.diagnostics ==
          "<command line>: error: option 'interconnect' cannot be 'cpp'; choose one of: copper, cpo; did you mean 'cpo'? [HDL-0026]\n");
    o.set = {{"interconect", "cpo"}};
    r = load("option interconnect: \"copper\" | \"cpo\" = \"copper\"\nrack R {}\n", o);
    CHECK(r.diagnostics.find("--set interconect: the description declares no top-level 'param' or 'option' named 'interconect'; did you mean 'interconnect'?") != std::string::npos);
}

TEST_CASE("lexer errors: unknown unit, stray character, unterminated string") {
    auto r = load("param a = 5 furlongs\nparam b = 3 @\nparam c = \"abc\nrack R {}\n");
    CHECK(r.diagnostics.find("t.rack:2:13: error: unexpected character '@' [HDL-0001]") != std::string::npos);
    CHECK(r.diagnostics.find("t.rack:3:11: error: unterminated string [HDL-0002]") != std::string::npos);
    // "furlongs" is not a unit, so it is not taken as one: a syntax error points at it.
    CHECK(r.diagnostics.find("t.rack:1:13:") != std::string::npos);
    auto r2 = load("param a = 5 mm/fortnight\nrack R {}\n");
    CHECK(r2.diagnostics.find("t.rack:1:13: error: unknown unit 'mm/fortnight' [HDL-0005]") != std::string::npos);
}

TEST_CASE("units convert to SI and dimensions combine") {
    auto r = load(R"(param a = 2 * 150 mm + 0.1 m
param f = 53.125 GHz
param loss = 2.1 dB/m * 2 m
param t = 45 degC
param c = $200k
param fit = 50 FIT
rack R {
  assert a == 0.4 m
  assert f == 53125 MHz
  assert loss == 4.2 dB
  assert t == 318.15 K
  assert c == 200000 USD
  assert abs(fit * 1e9 h - 50) < 1e-9
}
)");
    INFO(r.diagnostics);
    CHECK(r.ok());
    auto bad = load("param a = 1 m + 1 s\nrack R {}\n");
    CHECK(bad.diagnostics.find("t.rack:1:15: error: operator '+' combines length (m) with time (s) [HDL-0012]") != std::string::npos);
}

TEST_CASE("a missing file and a missing import are clear errors") {
    auto r = hdl::load_file("/nonexistent/x.rack");
    CHECK(r.diagnostics == "/nonexistent/x.rack: error: cannot read description: no such file [HDL-0007]\n");
    auto r2 = load("import \"nope.rack\"\nrack R {}\n");
    CHECK(r2.diagnostics.find("t.rack:1:1: error: cannot find 'nope.rack'") != std::string::npos);
}

TEST_CASE("a definition that contains itself is an error, not a crash") {
    auto r = load("tray A { b: B }\ntray B { a: A }\nrack R { a: A }\n");
    CHECK(r.diagnostics.find("error: 'A' contains itself [HDL-0031]") != std::string::npos);
}

TEST_CASE("deeply nested input is rejected, not a stack overflow") {
    std::string deep = "param a = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\nrack R {}\n";
    auto r = load(deep);
    CHECK_FALSE(r.ok());
    CHECK(r.diagnostics.find("nesting limit 200") != std::string::npos);
}
