#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {
const std::string kDir = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";

double db(cplx x) { return 20.0 * std::log10(std::abs(x)); }

/// The message of the TouchstoneError that parsing `text` as `name` raises ("" if none).
std::string error_of(const std::string& text, const std::string& name) {
    try {
        parse_touchstone(text, name);
    } catch (const TouchstoneError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

// Golden values: Debian python3-scikit-rf 0.15.4, skrf.Network(path).s at the index shown,
// 20*log10|S| (files with the '# MHz MA S R' option order were given to skrf with the tokens
// reordered to '# MHz S MA R', which it requires). Tolerance 0.001 dB (the issue asks 0.01).
TEST_CASE("the shared Touchstone files read with the port counts, points, spans and values scikit-rf reads") {
    struct Case {
        const char* file;
        int ports;
        std::size_t points;
        double f_last_hz;
        std::size_t k;
        double s21_db, s11_db, sn1_db;
    };
    const Case cases[] = {
        {"TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", 4, 4201, 42e9, 2100, -12.585550117301379, -22.227959121793518,
         -9.124049674997385},
        {"TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p", 4, 4201, 42e9, 2100, -19.229707617137205, -24.395432890257535,
         -15.275180729219088},
        {"WavePulserDemoBoard.s4p", 4, 1601, 40e9, 800, -20.885090799370595, -26.992683724375418, -17.1407038671004},
        {"Sparq_demo_16.s4p", 4, 1001, 20e9, 500, -25.124005596315385, -12.402799099114318, -10.895760993374612},
        {"cable.s2p", 2, 201, 20e9, 100, -0.7401475173209193, -33.098801914515064, -0.7401475173209193},
        {"multiport/hfss_2020r2_multiport.s22p", 22, 5, 1.1e9, 2, -109.93424760180645, -72.6313189396497,
         -103.64763810474582},
        {"multiport/hfss_2020r2_multiport.s4p", 4, 5, 1.1e9, 2, -109.90809029004416, -63.892423314660775,
         -121.32746158018014},
    };
    for (const Case& c : cases) {
        INFO(c.file);
        Network n = read_touchstone(kDir + c.file);
        CHECK(n.ports() == c.ports);
        CHECK(n.points() == c.points);
        CHECK(n.f_hz.back() == Approx(c.f_last_hz).epsilon(1e-12));
        const auto& s = n.s.at(c.k);
        CHECK(db(s(1, 0)) == Approx(c.s21_db).margin(1e-3));
        CHECK(db(s(0, 0)) == Approx(c.s11_db).margin(1e-3));
        CHECK(db(s(c.ports - 1, 0)) == Approx(c.sn1_db).margin(1e-3));
    }
}

TEST_CASE("HFSS port-name comments become port names and a missing R means 50 ohm") {
    Network n = read_touchstone(kDir + "multiport/hfss_2020r2_multiport.s22p");
    REQUIRE(n.port_names.size() == 22);
    CHECK(n.port_names[0] == "1");
    CHECK(n.port_names[21] == "22");
    CHECK(n.z0_ohm[21] == 50.0);
    CHECK(n.f_hz.front() == Approx(0.9e9));
}

TEST_CASE("option-line tokens are accepted in any order and MHz scales frequencies") {
    Network a = parse_touchstone("# MHz MA S R 50\n1000 0.5 90 0.25 0 0.25 0 0.5 -90\n", "a.s2p");
    Network b = parse_touchstone("# S R 50 MA MHz\n1000 0.5 90 0.25 0 0.25 0 0.5 -90\n", "b.s2p");
    REQUIRE(a.points() == 1);
    CHECK(a.f_hz[0] == 1e9);
    CHECK(std::abs(a.s[0](0, 0) - cplx(0.0, 0.5)) < 1e-12);
    CHECK(std::abs(a.s[0](1, 1) - cplx(0.0, -0.5)) < 1e-12);
    CHECK((a.s[0] - b.s[0]).norm() < 1e-15);
}

TEST_CASE("DB and RI formats decode to the same S values as MA") {
    Network ma = parse_touchstone("# GHz S MA R 50\n1 0.1 30 0.9 -45 0.9 -45 0.1 30\n", "x.s2p");
    Network d = parse_touchstone("# GHz S DB R 50\n1 -20 30 -0.915149811213503 -45 -0.915149811213503 -45 -20 30\n", "x.s2p");
    cplx s21 = std::polar(0.9, -45.0 * M_PI / 180.0);
    Network ri = parse_touchstone("# GHz S RI R 50\n1 0.0866025403784 0.05 " + std::to_string(s21.real()) + " " +
                                      std::to_string(s21.imag()) + " " + std::to_string(s21.real()) + " " +
                                      std::to_string(s21.imag()) + " 0.0866025403784 0.05\n",
                                  "x.s2p");
    CHECK((ma.s[0] - d.s[0]).norm() < 1e-12);
    CHECK((ma.s[0] - ri.s[0]).norm() < 1e-6);
}

TEST_CASE("Touchstone 2.0 examples: reference lines, matrix formats, two-port order and noise") {
    const std::string v2 = kDir + "v2-examples/";
    SECTION("[Reference] on its own line and split over two lines") {
        Network a = read_touchstone(v2 + "ex_4.ts");
        CHECK(a.z0_ohm == std::vector<double>{50, 75, 0.01, 0.01});
        CHECK(std::abs(a.s[0](2, 1) - cplx(32, 0)) < 1e-12);  // "32 0": S32 = 32
        Network b = read_touchstone(v2 + "ex_6.ts");
        CHECK(b.z0_ohm == std::vector<double>{50, 75, 0.01, 0.01});
    }
    SECTION("a Lower matrix fills the upper triangle symmetrically") {
        Network full = read_touchstone(v2 + "ex_5.ts");
        Network low = read_touchstone(v2 + "ex_6.ts");
        REQUIRE(low.points() == 2);
        CHECK(std::abs(low.s[0](0, 3) - low.s[0](3, 0)) < 1e-15);
        CHECK(std::abs(low.s[0](3, 0) - full.s[0](3, 0)) < 1e-12);
        CHECK(std::abs(low.s[0](1, 1) - std::polar(0.60, 161.20 * M_PI / 180)) < 1e-12);
    }
    SECTION("[Two-Port Data Order] 21_12 and noise data skipped") {
        Network n = read_touchstone(v2 + "ex_17.ts");
        REQUIRE(n.points() == 2);
        CHECK(n.z0_ohm == std::vector<double>{50, 25});
        CHECK(std::abs(n.s[0](1, 0)) == Approx(3.57));  // second pair is S21 in 21_12 order
        CHECK(n.f_hz[1] == 22e9);
    }
    SECTION("1.x two-port noise data start where the frequency drops") {
        Network n = read_touchstone(v2 + "ex_18.s2p");
        REQUIRE(n.points() == 2);
        CHECK(std::abs(n.s[1](0, 1)) == Approx(0.14));
    }
    SECTION("[Mixed-Mode Order] is kept with the data") {
        Network n = read_touchstone(v2 + "ex_16.ts");
        CHECK(n.mixed_mode_order == std::vector<std::string>{"D2,3", "D6,5", "C2,3", "C6,5", "S4", "S1"});
        CHECK(n.s[0](5, 5) == cplx(5.5, -7.0));
    }
    SECTION("3-port ANSYS file with per-port references") {
        Network n = read_touchstone(v2 + "ansys.ts");
        CHECK(n.ports() == 3);
        CHECK(n.z0_ohm == std::vector<double>{1, 50, 50});
    }
}

TEST_CASE("Z, Y, H and G data convert to S") {
    const std::string v2 = kDir + "v2-examples/";
    // Touchstone 1.x Z is normalized to R: z = 0.99 at -4 deg -> S = (z - 1)/(z + 1) (Pozar 4.3).
    Network z1 = read_touchstone(v2 + "ex_9.s1p");
    cplx z = std::polar(0.99, -4.0 * M_PI / 180);
    CHECK(std::abs(z1.s[0](0, 0) - (z - 1.0) / (z + 1.0)) < 1e-12);
    CHECK(z1.z0_ohm[0] == 75.0);
    // Touchstone 2.0 Z is in ohms: Z = 74.25 at -4 deg against [Reference] 20.
    Network z2 = read_touchstone(v2 + "ex_7.ts");
    cplx zz = std::polar(74.25, -4.0 * M_PI / 180);
    CHECK(std::abs(z2.s[0](0, 0) - (zz - 20.0) / (zz + 20.0)) < 1e-12);
    // ex_12_g holds the G parameters equivalent to ex_12's H parameters (to 5 digits).
    Network h = read_touchstone(v2 + "ex_12.ts");
    Network g = read_touchstone(v2 + "ex_12_g.ts");
    CHECK((h.s[0] - g.s[0]).norm() < 1e-3 * h.s[0].norm());
    // A Y matrix of 1/50 S on one 50-ohm port is a matched load's double: S = (1 - y)/(1 + y) = 0.
    Network y = parse_touchstone("# GHz Y RI R 50\n1 1 0\n", "y.s1p");
    CHECK(std::abs(y.s[0](0, 0)) < 1e-15);
}

TEST_CASE("malformed files name the file, the line and what was expected") {
    CHECK_THAT(error_of("# GHz S MA R 50\n1 0.5 0 0.5\n", "short.s2p"),
               Equals("short.s2p:2: the data ends inside the point at frequency 1 (line 2): expected 9 values "
                      "(frequency and 4 complex numbers), found 4"));
    CHECK_THAT(error_of("# GHz S MA R 50\n1 0.5 0 0.5 x 1 2 3 4\n", "bad.s2p"),
               Equals("bad.s2p:2: expected a number, found 'x'"));
    CHECK_THAT(error_of("# GHz S XX R 50\n", "opt.s1p"),
               Equals("opt.s1p:1: unexpected 'XX' in the option line (expected Hz/kHz/MHz/GHz, S/Y/Z/H/G, "
                      "DB/MA/RI or R <ohms>)"));
    CHECK_THAT(error_of("# GHz S MA R 50\n2 1 0\n1 1 0\n", "dec.s1p"),
               Equals("dec.s1p:3: frequency 1 is not above the previous one; expected increasing frequencies"));
    CHECK_THAT(error_of("# GHz S MA R 50\n1 1 0\n", "noext.txt"),
               Contains("noext.txt:2: cannot tell the port count"));
    CHECK_THAT(error_of("[Version] 2.0\n# GHz S MA R 50\n[Number of Ports] 2\n[Two-Port Data Order] 12_21\n"
                        "[Number of Frequencies] 2\n[Network Data]\n1 1 0 0 0 0 0 1 0\n",
                        "count.ts"),
               Equals("count.ts:7: expected 2 frequency points ([Number of Frequencies]), found 1"));
    CHECK_THAT(error_of("[Version] 3.0\n", "v.ts"), Equals("v.ts:1: expected version 2.0 or 2.1, found '3.0'"));
    CHECK_THAT(error_of("[Version] 2.0\n[Number of Ports] 2\n[Reference] 50\n[Network Data]\n", "ref.ts"),
               Equals("ref.ts:3: [Reference] has 1 values; expected one per port (2)"));
    CHECK_THAT(error_of("[Number of Ports] 2\n", "kw.s2p"),
               Equals("kw.s2p:1: keyword [number of ports] needs a [Version] 2.0 line at the top of the file"));
    CHECK_THAT(error_of("# GHz S MA R 50\n1 nan 0\n", "nan.s1p"), Equals("nan.s1p:2: expected a number, found 'nan'"));
    CHECK_THAT(error_of("! nothing\n", "empty.s1p"), Equals("empty.s1p:1: expected network data, found none"));
    // The v2 example that stops after [Number of Ports]:
    CHECK_THAT(error_of("[Version] 2.0\n# GHz S MA R 50\n[Number of Ports] 4\n", "ex_1.ts"),
               Contains("ex_1.ts:3:"));
    CHECK_THROWS_AS(read_touchstone(kDir + "does_not_exist.s2p"), TouchstoneError);
}

TEST_CASE("a written Touchstone file reads back to the same network in every format and version") {
    Network n = read_touchstone(kDir + "WavePulserDemoBoard.s4p");
    for (auto ver : {TouchstoneVersion::v1, TouchstoneVersion::v2}) {
        for (auto fmt : {DataFormat::ri, DataFormat::ma, DataFormat::db}) {
            std::string text = format_touchstone(n, {.version = ver, .format = fmt, .freq_unit_hz = 1e6});
            Network r = parse_touchstone(text, "rt.s4p");
            REQUIRE(r.points() == n.points());
            double worst = 0;
            for (std::size_t k = 0; k < n.points(); ++k) worst = std::max(worst, (r.s[k] - n.s[k]).cwiseAbs().maxCoeff());
            CHECK(worst < 1e-12);
            CHECK(r.f_hz.back() == n.f_hz.back());
        }
    }
    const std::string path = std::string("/tmp/racklink_ts_rt_") + std::to_string(::getpid()) + ".s4p";
    write_touchstone(n, path);
    Network r = read_touchstone(path);
    CHECK(r.points() == n.points());
    std::remove(path.c_str());
    n.z0_ohm[1] = 75.0;
    CHECK_THROWS_AS(format_touchstone(n, {.version = TouchstoneVersion::v1}), std::invalid_argument);
    CHECK(parse_touchstone(format_touchstone(n, {.version = TouchstoneVersion::v2}), "x.ts").z0_ohm[1] == 75.0);
}

TEST_CASE("MA angles decode to the same phasor as std::polar at every quarter turn and between") {
    for (double deg = -720.0; deg <= 720.0; deg += 0.37) {
        std::string text = "# GHz S MA R 50\n1 0.75 " + std::to_string(deg) + "\n";
        Network n = parse_touchstone(text, "a.s1p");
        double d = std::stod(std::to_string(deg));
        CHECK(std::abs(n.s[0](0, 0) - std::polar(0.75, d * M_PI / 180.0)) < 4e-15);  // the reference rounds x = d*pi/180 itself
    }
    for (double deg : {0.0, 90.0, -90.0, 180.0, -180.0, 270.0, 45.0, -45.0, 135.0, 1e7}) {
        Network n = parse_touchstone("# GHz S MA R 50\n1 1 " + std::to_string(deg) + "\n", "a.s1p");
        CHECK(std::abs(n.s[0](0, 0) - std::polar(1.0, deg * M_PI / 180.0)) < 4e-15);
    }
}

TEST_CASE("layout keywords after [Network Data] are an error, not a longer record (fuzz crasher)") {
    CHECK_THAT(error_of("[Version] 2.0\n# GHz S MA R 50\n[Number of Ports] 1\n[Number of Frequencies] 2\n"
                        "[Network Data]\n1 1 0\n[Number of Ports] 4\n2 1 0\n",
                        "late.ts"),
               Equals("late.ts:7: [Number of Ports] must come before [Network Data] and appear once"));
    CHECK_THAT(error_of("[Version] 2.0\n[Number of Ports] 1\n[Number of Frequencies] 1\n[Network Data]\n[Network Data]\n",
                        "twice.ts"),
               Contains("twice.ts:5: [Network Data] must come before"));
}

// Inputs that crashed the reader under libFuzzer (fuzz/touchstone_fuzz.cpp), kept verbatim: the
// first byte picks the file-name port count (0: .ts, 1..8: .sNp), as in the fuzz target.
TEST_CASE("every kept fuzz crasher reads or raises TouchstoneError") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(RACKLINK_SOURCE_DIR) / "tests/sigint/fuzz_crashers";
    int n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (bytes.empty()) continue;
        const int pick = static_cast<unsigned char>(bytes[0]) % 9;
        const std::string name = pick == 0 ? "fuzz.ts" : "fuzz.s" + std::to_string(pick) + "p";
        INFO(entry.path().filename().string());
        try {
            Network net = parse_touchstone(std::string_view(bytes).substr(1), name);
            CHECK(net.s.size() == net.points());
        } catch (const TouchstoneError& e) {
            CHECK(e.line() >= 0);
        }
        ++n;
    }
    CHECK(n >= 1);
}

TEST_CASE("[Reference] must match the final port count (fuzz crasher)") {
    CHECK_THAT(error_of("[Version] 2.0\n[Number of Ports] 2\n[Reference] 50 75\n[Number of Ports] 1\n", "dup.ts"),
               Equals("dup.ts:4: [Number of Ports] appears twice"));
    CHECK_THAT(error_of("[Version] 2.0\n[Number of Ports] 2\n[Reference] 50 75\n[Number of Frequencies] 1\n"
                        "[Two-Port Data Order] 12_21\n[Network Data]\n1 0 0 1 0 1 0 0 0\n",
                        "ok.s1p"),
               Equals(""));  // a .s1p name does not override [Number of Ports] in a 2.0 file
}

TEST_CASE("a DB value too large for a double is an error, not an infinite S (fuzz crasher)") {
    CHECK_THAT(error_of("# GHz S DB R 50\n1 51001 -89\n", "big.s1p"),
               Equals("big.s1p:2: a value at frequency 1.000000 overflows (expected magnitudes a double can hold)"));
}

TEST_CASE("a frequency that overflows in hertz is an error") {
    CHECK_THAT(error_of("# THz S RI R 50\n1e300 1 0\n", "f.s1p"), Equals("f.s1p:2: frequency 1e300 overflows in hertz"));
}

namespace {
/// A large Touchstone text (`points` 4-port records, MA) with the number forms exporters write:
/// plain decimals, E notation with 3-digit exponents, 17 significant digits (beyond the fast
/// path's 2^53), E-35 magnitudes, '+' signs, trailing comments and ragged line breaks.
std::string big_s4p(int points, const std::string& tail = "") {
    std::string t = "! parallel read test\n# GHz S MA R 50\n";
    char buf[64];
    unsigned state = 12345;
    auto rnd = [&] {
        state = state * 1103515245u + 12345u;
        return static_cast<double>((state >> 8) & 0xFFFF) / 65536.0;
    };
    for (int k = 0; k < points; ++k) {
        std::snprintf(buf, sizeof buf, "%.6f", 0.01 * (k + 1));
        t += buf;
        for (int v = 0; v < 16; ++v) {
            const double mag = rnd();
            const double ang = 360.0 * rnd() - 180.0;
            switch ((k + v) % 5) {
                case 0: std::snprintf(buf, sizeof buf, " %.9f %.6f", mag, ang); break;
                case 1: std::snprintf(buf, sizeof buf, " %.8E %+.4e", mag, ang); break;
                case 2: std::snprintf(buf, sizeof buf, "   %.16f %.15f", mag, ang); break;
                case 3: std::snprintf(buf, sizeof buf, " %.14E %.3f", mag * 1e-30, ang); break;
                default: std::snprintf(buf, sizeof buf, " +%.5g -%.1f", mag, std::abs(ang)); break;
            }
            t += buf;
            if (v % 4 == 3) t += (v == 7 ? "  ! row comment\n" : "\n");
        }
    }
    return t + tail;
}

void require_same(const Network& a, const Network& b) {
    REQUIRE(a.points() == b.points());
    REQUIRE(a.ports() == b.ports());
    for (std::size_t k = 0; k < a.points(); ++k) {
        REQUIRE(a.f_hz[k] == b.f_hz[k]);  // bit for bit: same scanner, same conversion
        for (int i = 0; i < a.ports(); ++i)
            for (int j = 0; j < a.ports(); ++j) REQUIRE(a.s[k](i, j) == b.s[k](i, j));
    }
}
}  // namespace

TEST_CASE("the parallel read gives the serial read's network bit for bit, for any thread count") {
    const std::string text = big_s4p(6000);  // ~2.5 MB: up to 16 chunks of >= 128 KiB
    REQUIRE(text.size() > 16 * 128 * 1024);
    const Network serial = parse_touchstone(text, "big.s4p", 0, {.threads = 1});
    CHECK(serial.points() == 6000);
    CHECK(serial.f_hz.back() == Approx(60e9));
    for (unsigned threads : {2u, 3u, 7u, 16u}) {
        INFO("threads " << threads);
        unsigned used = 0;
        require_same(serial, parse_touchstone(text, "big.s4p", 0, {.threads = threads, .threads_used = &used}));
        CHECK(used == threads);  // the parallel path read the data (no fallback)
    }
    // Values far below 1e-22 (E-30 * mantissa) decode like std::from_chars within an ulp.
    CHECK(std::abs(serial.s[3](0, 0)) > 0);
    CHECK(std::abs(serial.s[3](0, 0)) < 1e-29);
}

TEST_CASE("the parallel read hands keywords, noise data and errors to the serial parser") {
    // Touchstone 2.0 with [End] and trailing text after it: both paths ignore the tail.
    std::string v2 = big_s4p(3000);
    const std::size_t data = v2.find("0.010000");
    v2 = "[Version] 2.0\n# GHz S MA R 50\n[Number of Ports] 4\n[Number of Frequencies] 3000\n[Network Data]\n" +
         v2.substr(data) + "[End]\nanything after the end\n";
    unsigned used = 0;
    require_same(parse_touchstone(v2, "v2.ts", 0, {.threads = 1}),
                 parse_touchstone(v2, "v2.ts", 0, {.threads = 4, .threads_used = &used}));
    CHECK(used == 4);  // [End] ends the parallel read, it does not hand the file back
    CHECK(parse_touchstone(v2, "v2.ts", 0, {.threads = 4}).points() == 3000);
    // A frequency that does not increase, deep in the data: the same message and line.
    std::string bad = big_s4p(3000);
    const std::size_t at = bad.find("\n20.000000 ");
    REQUIRE(at != std::string::npos);
    bad.replace(at + 1, 9, "19.990000");
    std::string serial_error, parallel_error;
    try {
        parse_touchstone(bad, "bad.s4p", 0, {.threads = 1});
    } catch (const TouchstoneError& e) {
        serial_error = e.what();
    }
    try {
        parse_touchstone(bad, "bad.s4p", 0, {.threads = 4});
    } catch (const TouchstoneError& e) {
        parallel_error = e.what();
    }
    CHECK_THAT(serial_error, Contains("bad.s4p:") && Contains("is not above the previous one"));
    CHECK(parallel_error == serial_error);
    // A record cut short at the end of the file: the serial parser's message.
    std::string cut = big_s4p(3000) + "30.010000 0.5 10\n";
    try {
        parse_touchstone(cut, "cut.s4p", 0, {.threads = 4});
        FAIL("no error");
    } catch (const TouchstoneError& e) {
        CHECK_THAT(std::string(e.what()), Contains("the data ends inside the point at frequency"));
    }
    // Touchstone 1.1 two-port noise data after the network data (frequency drops).
    std::string two = "# GHz S RI R 50\n";
    for (int k = 0; k < 20000; ++k) two += std::to_string(1 + k) + " 0.1 0.2 0.9 -0.1 0.9 -0.1 0.1 0.2\n";
    two += "1 2.5 0.5 10 0.3\n2 2.6 0.5 11 0.3\n";
    used = 0;
    const Network n2 = parse_touchstone(two, "noise.s2p", 0, {.threads = 4, .threads_used = &used});
    CHECK(n2.points() == 20000);
    CHECK(used == 1);  // noise data: handed to the serial parser
    require_same(n2, parse_touchstone(two, "noise.s2p", 0, {.threads = 1}));
}

TEST_CASE("every kept fuzz crasher reads the same serially and in parallel on tiny chunks") {
    // The fuzzer found the parallel path storing an overflowed DB value (51001 dB) that the
    // serial path rejects; each kept input must now give the same network or the same error.
    namespace fs = std::filesystem;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(std::string(RACKLINK_SOURCE_DIR) + "/tests/sigint/fuzz_crashers")) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (data.empty()) continue;
        const int pick = static_cast<unsigned char>(data[0]) % 9;
        const std::string name = pick == 0 ? "fuzz.ts" : "fuzz.s" + std::to_string(pick) + "p";
        const std::string_view text(data.data() + 1, data.size() - 1);
        std::string serial_error = "none", parallel_error = "none";
        Network serial, parallel;
        try {
            serial = parse_touchstone(text, name, 0, {.threads = 1});
        } catch (const TouchstoneError& e) {
            serial_error = e.what();
        }
        try {
            parallel = parse_touchstone(text, name, 0, {.threads = 3, .min_chunk_bytes = 1});
        } catch (const TouchstoneError& e) {
            parallel_error = e.what();
        }
        INFO(entry.path().filename().string());
        CHECK(parallel_error == serial_error);
        if (serial_error == "none") require_same(serial, parallel);
        ++files;
    }
    CHECK(files >= 3);
}
