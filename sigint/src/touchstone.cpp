#include "sigint/touchstone.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <numbers>
#include <sstream>
#include <system_error>

#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sigint/cpus.hpp"

namespace racklink::sigint {

TouchstoneError::TouchstoneError(std::string file, int line, std::string message)
    : std::runtime_error(file + ":" + (line > 0 ? std::to_string(line) + ":" : std::string()) +
                         " " + message),
      file_(std::move(file)),
      line_(line),
      message_(std::move(message)) {}

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
// Largest port count we accept: a 1024-port file already needs 16 MiB per frequency point.
constexpr int kMaxPorts = 1024;

// Parallel read (Parser::try_parallel): at most this many threads.
constexpr unsigned kMaxReadThreads = 16;

/// Runs fn(0) .. fn(n - 1) on n threads (fn(0) on the calling thread) and waits for all.
template <class F>
void parallel_for(unsigned n, F&& fn) {
    std::vector<std::thread> pool;
    pool.reserve(n > 0 ? n - 1 : 0);
    for (unsigned t = 1; t < n; ++t) pool.emplace_back([&fn, t] { fn(t); });
    if (n > 0) fn(0);
    for (auto& th : pool) th.join();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Skips blanks fast: eight bytes at a time while they are all ' ' (the padding of most
/// exporters), then byte by byte.
const char* skip_blanks(const char* p, const char* end) {
    constexpr std::uint64_t kSpaces = 0x2020202020202020ull;
    while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        std::uint64_t x = w ^ kSpaces;
        if (x != 0) {
            p += __builtin_ctzll(x) / 8;  // little-endian: the lowest set byte is the first non-space
            break;
        }
        p += 8;
    }
    while (p < end && is_space(*p)) ++p;
    return p;
}

std::string_view trim(std::string_view s) {
    s.remove_prefix(static_cast<std::size_t>(skip_blanks(s.data(), s.data() + s.size()) - s.data()));
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Printable excerpt of a token for messages (bounded, control characters escaped).
std::string excerpt(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 40)) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    if (s.size() > 40) out += "...";
    return out;
}

/// Splits `s` at whitespace into tokens.
template <class F>
void for_each_token(std::string_view s, F&& f) {
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) ++i;
        std::size_t j = i;
        while (j < s.size() && !is_space(s[j])) ++j;
        if (j > i) f(s.substr(i, j - i));
        i = j;
    }
}

/// Exact powers of ten representable in a double (10^0 .. 10^22).
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// 10^0 .. 10^27, exact in x87 long double: 10^k = 5^k 2^k and 5^27 ~ 7.5e18 < 2^64 fits the
/// 64-bit significand.
constexpr long double kPow10L[] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                                   1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
                                   1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/// 10^-k as the nearest doubles. Multiplying by them instead of dividing by 10^k is 3-4x
/// cheaper on the division unit and errs by at most one ulp (relative 2.2e-16) -- far below
/// any Touchstone data's precision; exact integers and positive exponents stay exact.
constexpr double kPow10Neg[] = {1e-0,  1e-1,  1e-2,  1e-3,  1e-4,  1e-5,  1e-6,  1e-7,
                                1e-8,  1e-9,  1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15,
                                1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22};

/// Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately",
/// PLDI 1990): a decimal with at most 15-16 significant digits (mantissa < 2^53) and a decimal
/// exponent within +-22 is one correctly rounded IEEE multiply or divide of two exact doubles
/// (here: a multiply by the rounded 10^-k, see kPow10Neg).
/// Returns false when the token is not of that simple form; the caller then uses from_chars.
/// Eight ASCII digits at once (D. Lemire, "Number parsing at a gigabyte per second",
/// Software: Practice and Experience 51(8), 2021, sec. 5 -- the SWAR digit check and sum).
inline bool eight_digits(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return (((v & 0xF0F0F0F0F0F0F0F0ull) | (((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) ==
            0x3333333333333333ull);
}
inline std::uint64_t eight_digits_value(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    v = (v & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;
    v = (v & 0x00FF00FF00FF00FFull) * 6553601 >> 16;
    return (v & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32;
}
/// Appends the run of digits at p to m (wrapping is harmless: > 19 digits are rejected).
inline const char* scan_digits(const char* p, const char* end, std::uint64_t& m) {
    while (end - p >= 8 && eight_digits(p)) {
        m = m * 100000000ull + eight_digits_value(p);
        p += 8;
    }
    while (p < end && static_cast<unsigned>(*p - '0') < 10u) m = m * 10 + static_cast<unsigned>(*p++ - '0');
    return p;
}

/// The double nearest (within 1 ulp) to (-1)^neg m 10^exp10, for m <= 2^53 and |exp10| <= 54;
/// false for other inputs (left to std::from_chars).
inline bool compose_decimal(std::uint64_t m, int exp10, bool neg, double& out) {
    if (m > (std::uint64_t{1} << 53)) return false;
    if (exp10 < -22 || exp10 > 22) {
        if (m == 0) {
            out = neg ? -0.0 : 0.0;
            return true;
        }
        // 10^0..10^27 are exact in x87 long double (64-bit significand): m and one or two exact
        // powers give at most two extended-precision roundings (relative 2^-64 each) before the
        // rounding to double -- within 1 ulp of the correctly rounded value (exporters write
        // E-21 .. E-44 magnitudes for tiny couplings, where that is immaterial).
        if (exp10 < -54 || exp10 > 54) return false;
        const int e = exp10 < 0 ? -exp10 : exp10;
        const int e1 = e < 27 ? e : 27;
        long double lv = static_cast<long double>(m);
        lv = exp10 < 0 ? lv / kPow10L[e1] / kPow10L[e - e1] : lv * kPow10L[e1] * kPow10L[e - e1];
        out = static_cast<double>(neg ? -lv : lv);
        return true;
    }
    double v = static_cast<double>(m);
    v = exp10 < 0 ? v * kPow10Neg[-exp10] : v * kPow10[exp10];
    out = neg ? -v : v;
    return true;
}

const char* scan_simple_decimal(const char* p, const char* end, double& out) {
    bool neg = false;
    if (p < end && (*p == '-' || *p == '+')) neg = (*p++ == '-');
    std::uint64_t m = 0;
    int exp10 = 0;
    const char* s0 = p;
    p = scan_digits(p, end, m);
    std::ptrdiff_t ndigits = p - s0;
    if (p < end && *p == '.') {
        const char* s1 = ++p;
        p = scan_digits(p, end, m);
        exp10 = -static_cast<int>(p - s1);
        ndigits += p - s1;
    }
    // More than 19 digits (leading zeros included) may have wrapped m: leave it to from_chars.
    if (ndigits == 0 || ndigits > 19) return nullptr;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        bool eneg = false;
        if (p < end && (*p == '-' || *p == '+')) eneg = (*p++ == '-');
        if (p == end || *p < '0' || *p > '9') return nullptr;
        int e = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            if (e > 1000) return nullptr;
            e = e * 10 + (*p++ - '0');
        }
        exp10 += eneg ? -e : e;
    }
    return compose_decimal(m, exp10, neg, out) ? p : nullptr;
}

bool parse_simple_decimal(std::string_view tok, double& out) {
    const char* e = tok.data() + tok.size();
    return scan_simple_decimal(tok.data(), e, out) == e && !tok.empty();
}

/// parse_number for the forms scan_simple_decimal leaves (more than 19 digits, exponents beyond
/// +-54, hexadecimal, ...): std::from_chars (correctly rounded).
bool parse_number_general(std::string_view tok, double& out) {
    if (!tok.empty() && tok.front() == '+') tok.remove_prefix(1);
    if (tok.empty()) return false;
    auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), out);
    return ec == std::errc() && p == tok.data() + tok.size() && std::isfinite(out);
}

/// A number token (leading '+' allowed, as in many exporters); false when not a finite number.
bool parse_number(std::string_view tok, double& out) { return parse_simple_decimal(tok, out) || parse_number_general(tok, out); }

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define RACKLINK_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define RACKLINK_CLONES
#endif

/// cos + j sin of every angle pairs[2i + 1] (degrees), i < n, into out[2i], out[2i + 1], a
/// record at a time. The angle is reduced exactly by quarter turns (multiples of 90 degrees are
/// exact; nearest quarter turn by the 1.5 * 2^52 rounding trick, exact for |y| < 2^51, no libm
/// call; the rounded 1/90 may pick the neighbouring quarter turn within an ulp of an odd multiple
/// of 45 degrees, leaving |x| <= pi/4 + 1e-14), then sin and cos of x come from their Taylor
/// series to x^17 / x^16 (truncation below 5e-17, Abramowitz & Stegun 4.3.65-66): std::polar to
/// ~1 ulp without libm's general argument reduction. The quarter-turn selection is exact
/// arithmetic instead of a switch (floor(q/4) = round(q/4 - 3/8) for integer q; the sign and
/// swap factors are 0, +-1), so the loop vectorizes (an AVX2 clone is chosen at load time where
/// the CPU has it; no FMA, so every clone gives the same bits). Angles of 1e6 degrees and more
/// (and NaN) take std::polar afterwards.
RACKLINK_CLONES void unit_phasors_deg(const double* pairs, std::size_t n, double* out) {
    constexpr double kRound = 6755399441055744.0;  // 1.5 * 2^52: adding and subtracting rounds
    for (std::size_t i = 0; i < n; ++i) {
        const double deg = pairs[2 * i + 1];
        const double q = (deg * (1.0 / 90.0) + kRound) - kRound;
        const double x = (deg - 90.0 * q) * kDegToRad;
        const double x2 = x * x;
        const double s = x * (1 + x2 * (-1.0 / 6 + x2 * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * (1.0 / 362880 +
                         x2 * (-1.0 / 39916800 + x2 * (1.0 / 6227020800 + x2 * (-1.0 / 1307674368000 +
                         x2 * (1.0 / 355687428096000)))))))));
        const double c = 1 + x2 * (-0.5 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40320 +
                         x2 * (-1.0 / 3628800 + x2 * (1.0 / 479001600 + x2 * (-1.0 / 87178291200 +
                         x2 * (1.0 / 20922789888000))))))));
        const double k = q - 4.0 * (((q * 0.25 - 0.375) + kRound) - kRound);  // q mod 4: 0, 1, 2, 3
        const double half = ((k * 0.5 - 0.25) + kRound) - kRound;               // 0, 0, 1, 1
        const double odd = k - 2.0 * half;                                       // 0, 1, 0, 1
        const double sign = 1.0 - 2.0 * half;
        // k = 0: (c, s); 1: (-s, c); 2: (-c, -s); 3: (s, -c)
        out[2 * i] = sign * (c * (1.0 - odd) - s * odd);
        out[2 * i + 1] = sign * (s * (1.0 - odd) + c * odd);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double deg = pairs[2 * i + 1];
        if (!(std::abs(deg) < 1e6)) {
            const cplx u = std::polar(1.0, deg * kDegToRad);
            out[2 * i] = u.real();
            out[2 * i + 1] = u.imag();
        }
    }
}

enum class Param { s, y, z, h, g };

struct Parser {
    std::string_view text;
    const std::string& name;
    int ports_hint = 0;

    int line = 0;
    int version = 1;
    bool seen_option = false;
    bool seen_content = false;  // any keyword, option line or data yet
    double unit_hz = 1e9;
    Param param = Param::s;
    DataFormat fmt = DataFormat::ma;
    double r_ohm = 50.0;
    int nports = 0;
    bool order_21_12 = true;
    bool seen_two_port_order = false;
    long long nfreq = -1;
    enum class Matrix { full, upper, lower } matrix = Matrix::full;
    std::vector<double> reference;
    bool reading_reference = false;
    int reference_line = 0;
    bool in_data = false;
    bool data_started = false;
    bool seen_ports_kw = false;
    bool in_noise = false;
    bool in_info = false;
    bool ended = false;
    std::vector<std::string> port_names;
    std::vector<std::string> mm_order;

    TouchstoneReadOptions options;
    bool tried_parallel = false;

    std::vector<double> rec;
    std::size_t rec_size = 0;
    int rec_line = 0;
    Network net;

    [[noreturn]] void fail(int at, const std::string& msg) const { throw TouchstoneError(name, at, msg); }
    [[noreturn]] void fail(const std::string& msg) const { fail(line, msg); }

    long long parse_count(std::string_view rest, const char* what) {
        rest = trim(rest);
        long long v = 0;
        auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
        if (ec != std::errc() || p != rest.data() + rest.size() || v <= 0)
            fail(std::string("expected a positive integer after ") + what + ", found '" +
                 excerpt(rest) + "'");
        return v;
    }

    void set_ports(int n) {
        nports = n;
        port_names.assign(static_cast<std::size_t>(n), std::string());
    }

    void handle_port_name(std::string_view comment) {
        // HFSS/ANSYS style: "Port[3] = name" (case-insensitive "port").
        comment = trim(comment);
        if (comment.size() < 7 || lower(comment.substr(0, 5)) != "port[") return;
        std::size_t close = comment.find(']');
        if (close == std::string_view::npos) return;
        int k = 0;
        auto digits = comment.substr(5, close - 5);
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
        if (ec != std::errc() || p != digits.data() + digits.size()) return;
        std::string_view rest = trim(comment.substr(close + 1));
        if (rest.empty() || rest.front() != '=') return;
        rest = trim(rest.substr(1));
        if (k >= 1 && k <= kMaxPorts) {
            if (static_cast<int>(port_names.size()) < k) port_names.resize(static_cast<std::size_t>(k));
            port_names[static_cast<std::size_t>(k - 1)] = std::string(rest);
        }
    }

    void handle_option(std::string_view rest) {
        if (seen_option) return;  // Touchstone 1.1: additional option lines are ignored
        seen_option = true;
        bool expect_r = false;
        for_each_token(rest, [&](std::string_view tok) {
            if (expect_r) {
                double r = 0;
                if (!parse_number(tok, r) || r <= 0)
                    fail("expected a positive reference resistance after 'R' in the option line, found '" +
                         excerpt(tok) + "'");
                r_ohm = r;
                expect_r = false;
                return;
            }
            std::string t = lower(tok);
            if (t == "hz") unit_hz = 1.0;
            else if (t == "khz") unit_hz = 1e3;
            else if (t == "mhz") unit_hz = 1e6;
            else if (t == "ghz") unit_hz = 1e9;
            else if (t == "thz") unit_hz = 1e12;
            else if (t == "s") param = Param::s;
            else if (t == "y") param = Param::y;
            else if (t == "z") param = Param::z;
            else if (t == "h") param = Param::h;
            else if (t == "g") param = Param::g;
            else if (t == "db") fmt = DataFormat::db;
            else if (t == "ma") fmt = DataFormat::ma;
            else if (t == "ri") fmt = DataFormat::ri;
            else if (t == "r") expect_r = true;
            else
                fail("unexpected '" + excerpt(tok) +
                     "' in the option line (expected Hz/kHz/MHz/GHz, S/Y/Z/H/G, DB/MA/RI or R <ohms>)");
        });
        if (expect_r) fail("expected a reference resistance after 'R' in the option line");
    }

    void add_reference_values(std::string_view rest) {
        for_each_token(rest, [&](std::string_view tok) {
            if (static_cast<int>(reference.size()) >= nports)
                fail("[Reference] has more values than the " + std::to_string(nports) + " ports");
            double r = 0;
            if (!parse_number(tok, r) || r <= 0)
                fail("expected a positive reference impedance in [Reference], found '" + excerpt(tok) + "'");
            reference.push_back(r);
        });
        reading_reference = static_cast<int>(reference.size()) < nports;
    }

    void require_ports(const char* kw) {
        if (nports <= 0) fail(std::string("expected [Number of Ports] before ") + kw);
    }

    void handle_keyword(std::string_view content) {
        std::size_t close = content.find(']');
        if (close == std::string_view::npos) fail("expected ']' to close the keyword '" + excerpt(content) + "'");
        std::string kw;
        for_each_token(content.substr(1, close - 1), [&](std::string_view t) {
            if (!kw.empty()) kw += ' ';
            kw += lower(t);
        });
        std::string_view rest = trim(content.substr(close + 1));
        if (reading_reference)
            fail(reference_line, "[Reference] has " + std::to_string(reference.size()) +
                                     " values; expected one per port (" + std::to_string(nports) + ")");
        if (kw == "version") {
            if (seen_content) fail("[Version] must come before any other keyword, option line or data");
            if (rest != "2.0" && rest != "2.1") fail("expected version 2.0 or 2.1, found '" + excerpt(rest) + "'");
            version = 2;
            seen_content = true;
            return;
        }
        seen_content = true;
        // The data layout is fixed once [Network Data] starts (fuzz crasher: [Number of Ports]
        // 4 inside 3-port data made the record longer than the matrix).
        const bool layout_kw = kw == "number of ports" || kw == "two-port data order" || kw == "number of frequencies" ||
                               kw == "reference" || kw == "matrix format" || kw == "mixed-mode order" ||
                               kw == "network data";
        if (layout_kw && (data_started || in_noise))
            fail("[" + excerpt(trim(content.substr(1, close - 1))) + "] must come before [Network Data] and appear once");
        if (kw == "begin information") {
            in_info = true;
        } else if (kw == "end information") {
        } else if (kw == "end") {
            ended = true;
        } else if (version == 1) {
            fail("keyword [" + kw + "] needs a [Version] 2.0 line at the top of the file");
        } else if (kw == "number of ports") {
            if (seen_ports_kw) fail("[Number of Ports] appears twice");
            seen_ports_kw = true;
            long long n = parse_count(rest, "[Number of Ports]");
            if (n > kMaxPorts) fail("[Number of Ports] " + std::to_string(n) + " exceeds the supported " +
                                    std::to_string(kMaxPorts));
            set_ports(static_cast<int>(n));
        } else if (kw == "two-port data order") {
            if (rest == "12_21") order_21_12 = false;
            else if (rest == "21_12") order_21_12 = true;
            else fail("expected 12_21 or 21_12 after [Two-Port Data Order], found '" + excerpt(rest) + "'");
            seen_two_port_order = true;
        } else if (kw == "number of frequencies") {
            nfreq = parse_count(rest, "[Number of Frequencies]");
        } else if (kw == "number of noise frequencies") {
            parse_count(rest, "[Number of Noise Frequencies]");
        } else if (kw == "reference") {
            require_ports("[Reference]");
            reference.clear();
            reference_line = line;
            add_reference_values(rest);
        } else if (kw == "matrix format") {
            std::string m = lower(rest);
            if (m == "full") matrix = Matrix::full;
            else if (m == "upper") matrix = Matrix::upper;
            else if (m == "lower") matrix = Matrix::lower;
            else fail("expected Full, Upper or Lower after [Matrix Format], found '" + excerpt(rest) + "'");
        } else if (kw == "mixed-mode order") {
            require_ports("[Mixed-Mode Order]");
            mm_order.clear();
            for_each_token(rest, [&](std::string_view t) { mm_order.emplace_back(t); });
            if (static_cast<int>(mm_order.size()) != nports)
                fail("[Mixed-Mode Order] lists " + std::to_string(mm_order.size()) +
                     " entries; expected one per port (" + std::to_string(nports) + ")");
        } else if (kw == "network data") {
            require_ports("[Network Data]");
            if (nfreq < 0) fail("expected [Number of Frequencies] before [Network Data]");
            if (nports == 2 && !seen_two_port_order)
                fail("expected [Two-Port Data Order] before [Network Data] in a 2-port file");
            start_data();
        } else if (kw == "noise data") {
            in_data = false;
            in_noise = true;
        }
        // Other keywords (e.g. 2.1 additions) carry nothing we use and are skipped.
    }

    void start_data() {
        if (param == Param::h || param == Param::g) {
            if (nports != 2) fail("H and G parameters are defined for 2-port networks only");
        }
        std::size_t per_matrix = matrix == Matrix::full
                                     ? static_cast<std::size_t>(nports) * static_cast<std::size_t>(nports)
                                     : static_cast<std::size_t>(nports) * static_cast<std::size_t>(nports + 1) / 2;
        rec_size = 1 + 2 * per_matrix;
        rec.clear();
        rec.reserve(rec_size);
        in_data = true;
        data_started = true;
    }

    void handle_numbers(std::string_view content) {
        if (reading_reference) {
            add_reference_values(content);
            return;
        }
        if (!in_data) {
            if (version == 2) fail("expected [Network Data] before the network data");
            if (nports <= 0)
                fail("cannot tell the port count: name the file .sNp (Touchstone 1.x) or use "
                     "[Version] 2.0 with [Number of Ports]");
            seen_content = true;
            start_data();
        }
        if (!tried_parallel) {
            tried_parallel = true;
            if (try_parallel(content.data())) {
                ended = true;
                return;
            }
        }
        const char* p = content.data();
        const char* const end = p + content.size();
        while (true) {
            p = skip_blanks(p, end);
            if (p == end) break;
            double v = 0;
            const char* q = scan_simple_decimal(p, end, v);
            std::string_view tok;
            if (q == nullptr || (q != end && !is_space(*q))) {
                q = p;
                while (q != end && !is_space(*q)) ++q;
                tok = std::string_view(p, static_cast<std::size_t>(q - p));
                if (!parse_number_general(tok, v)) fail("expected a number, found '" + excerpt(tok) + "'");
            } else {
                tok = std::string_view(p, static_cast<std::size_t>(q - p));
            }
            p = q;
            if (rec.empty()) {
                if (v < 0) fail("expected a non-negative frequency, found '" + excerpt(tok) + "'");
                double f = v * unit_hz;
                if (!std::isfinite(f)) fail("frequency " + excerpt(tok) + " overflows in hertz");
                if (!net.f_hz.empty() && f <= net.f_hz.back()) {
                    if (version == 1 && nports == 2) {
                        // Touchstone 1.1: noise parameters follow when the frequency decreases.
                        in_data = false;
                        in_noise = true;
                        return;
                    }
                    fail("frequency " + excerpt(tok) + " is not above the previous one; expected increasing frequencies");
                }
                if (version == 2 && static_cast<long long>(net.f_hz.size()) >= nfreq)
                    fail("more frequency points than [Number of Frequencies] " + std::to_string(nfreq));
                rec_line = line;
            }
            rec.push_back(v);
            if (rec.size() == rec_size) commit();
        }
    }

    /// Fills the N x N matrix `m` (already sized) from one record's values `r` (the numbers
    /// after the frequency) in the file's format, matrix form and two-port order.
    void store_matrix(const double* r, Eigen::MatrixXcd& m) const {
        const int N = nports;
        const std::size_t pairs = (rec_size - 1) / 2;
        thread_local std::vector<cplx> values;  // the record's complex values in file order
        values.resize(pairs);
        double* v = reinterpret_cast<double*>(values.data());  // std::complex is {re, im} (C++ [complex.numbers])
        if (fmt == DataFormat::ri) {
            std::copy(r, r + 2 * pairs, v);
        } else {
            unit_phasors_deg(r, pairs, v);
            for (std::size_t i = 0; i < pairs; ++i) {
                const double mag = fmt == DataFormat::ma ? r[2 * i] : std::pow(10.0, r[2 * i] / 20.0);
                v[2 * i] *= mag;
                v[2 * i + 1] *= mag;
            }
        }
        std::size_t k = 0;
        if (N == 2 && order_21_12 && matrix == Matrix::full) {
            m(0, 0) = values[0];
            m(1, 0) = values[1];
            m(0, 1) = values[2];
            m(1, 1) = values[3];
        } else if (matrix == Matrix::full) {
            for (int row = 0; row < N; ++row)
                for (int col = 0; col < N; ++col) m(row, col) = values[k++];
        } else if (matrix == Matrix::upper) {
            for (int row = 0; row < N; ++row)
                for (int col = row; col < N; ++col) m(row, col) = m(col, row) = values[k++];
        } else {
            for (int row = 0; row < N; ++row)
                for (int col = 0; col <= row; ++col) m(row, col) = m(col, row) = values[k++];
        }
    }

    void commit() {
        Eigen::MatrixXcd m(nports, nports);
        store_matrix(rec.data() + 1, m);
        // A DB value such as 51001 dB overflows a double (fuzz crasher): reject, not store inf.
        if (!m.allFinite()) fail("a value at frequency " + std::to_string(rec[0]) + " overflows (expected magnitudes a double can hold)");
        net.f_hz.push_back(rec[0] * unit_hz);
        net.s.push_back(std::move(m));
        rec.clear();
    }

    enum class Chunk { plain, ended, other };

    /// Scans the plain data lines of [b, e) into `out`: `ended` at an [End] line (the rest is
    /// ignored, as the serial parser ignores it), `other` at the first line that is not plain
    /// numbers (another keyword, an option line, a port-name comment, a token that is not a
    /// simple decimal): such text is left to the serial parser.
    static Chunk scan_chunk(const char* p, const char* const e, std::vector<double>& out) {
        out.reserve(static_cast<std::size_t>(e - p) / 8);
        // One pass: tokens end at a blank, a line end or a comment, so lines are not searched
        // for '\n' and '!' first (two memchr per line cost ~15 % of the scan).
        auto line_end = [e](const char* x) {
            const void* nl = std::memchr(x, '\n', static_cast<std::size_t>(e - x));
            return nl ? static_cast<const char*>(nl) : e;
        };
        auto ends_token = [](char c) { return is_space(c) || c == '\n' || c == '!'; };
        while (p < e) {  // at the start of a line
            p = skip_blanks(p, e);
            if (p == e) break;
            if (*p == '\n') {
                ++p;
                continue;
            }
            if (*p == '[') {
                std::string_view kw(p, static_cast<std::size_t>(line_end(p) - p));
                return kw.size() >= 5 && lower(kw.substr(0, 5)) == "[end]" ? Chunk::ended : Chunk::other;
            }
            if (*p == '#') return Chunk::other;
            if (*p == '!') {  // a comment-only line: a port name is the serial parser's to read
                const char* eol = line_end(p);
                std::string_view comment = trim(std::string_view(p + 1, static_cast<std::size_t>(eol - p - 1)));
                if (comment.size() >= 5 && lower(comment.substr(0, 5)) == "port[") return Chunk::other;
                p = eol;
                continue;
            }
            while (true) {  // the numbers of this line
                double v = 0;
                const char* q = scan_simple_decimal(p, e, v);
                if (q == nullptr || (q != e && !ends_token(*q))) {  // the serial parser's general path
                    q = p;
                    while (q != e && !ends_token(*q)) ++q;
                    if (!parse_number_general(std::string_view(p, static_cast<std::size_t>(q - p)), v)) return Chunk::other;
                }
                out.push_back(v);
                p = skip_blanks(q, e);
                if (p == e) return Chunk::plain;
                if (*p == '\n') {
                    ++p;
                    break;
                }
                if (*p == '!') {  // a trailing comment
                    p = line_end(p);
                    break;
                }
            }
        }
        return Chunk::plain;
    }

    /// Parallel fast path for the bulk of large network data: the text from `from` (the first
    /// data line) to the end is cut into chunks at line ends, each chunk's numbers are scanned
    /// on its own thread, and the records are converted to matrices in parallel. It reads only
    /// plain data; anything else (keywords such as [End] or [Noise Data], noise parameters, a
    /// malformed number or record, an overflow) makes it return false with `net` untouched, and
    /// the serial parser -- which gives the exact diagnostics -- reads the data instead. Both
    /// paths use the same number scanner and conversion, so the results are identical.
    bool try_parallel(const char* from) {
        const char* const end = text.data() + text.size();
        const std::size_t bytes = static_cast<std::size_t>(end - from);
        unsigned threads = options.threads > 0 ? options.threads : sigint::available_cpus();
        const std::size_t chunks = bytes / std::max<std::size_t>(1, options.min_chunk_bytes);
        threads = std::min<unsigned>({threads, kMaxReadThreads, static_cast<unsigned>(std::min<std::size_t>(chunks, kMaxReadThreads))});
        if (threads < 2 || !net.f_hz.empty() || !rec.empty()) return false;
        std::vector<const char*> bounds{from};
        for (unsigned t = 1; t < threads; ++t) {
            const char* c = std::max(bounds.back(), from + bytes / threads * t);
            const void* nl = std::memchr(c, '\n', static_cast<std::size_t>(end - c));
            bounds.push_back(nl ? static_cast<const char*>(nl) + 1 : end);
        }
        bounds.push_back(end);
        std::vector<std::vector<double>> nums(threads);
        std::vector<Chunk> status(threads, Chunk::other);
        parallel_for(threads, [&](unsigned t) { status[t] = scan_chunk(bounds[t], bounds[t + 1], nums[t]); });
        for (unsigned t = 0; t < threads; ++t) {
            if (status[t] == Chunk::other) return false;
            if (status[t] == Chunk::ended) {  // chunks after the [End] line do not count
                threads = t + 1;
                nums.resize(threads);
                break;
            }
        }
        std::vector<std::size_t> offset(threads + 1, 0);
        for (unsigned t = 0; t < threads; ++t) offset[t + 1] = offset[t] + nums[t].size();
        const std::size_t total = offset[threads];
        if (total == 0 || total % rec_size != 0) return false;
        const std::size_t points = total / rec_size;
        if (version == 2 && static_cast<long long>(points) != nfreq) return false;
        // Values of global index i live in nums[t][i - offset[t]]; a record may straddle chunk
        // boundaries (more than one when records outgrow chunks): those few go through `straddle`.
        auto at = [&](std::size_t i) {
            unsigned t = 0;
            while (i >= offset[t + 1]) ++t;
            return nums[t][i - offset[t]];
        };
        std::vector<double> f_hz(points);
        for (std::size_t k = 0; k < points; ++k) {
            const double v = at(k * rec_size);
            f_hz[k] = v * unit_hz;
            if (v < 0 || !std::isfinite(f_hz[k]) || (k > 0 && f_hz[k] <= f_hz[k - 1])) return false;
        }
        std::vector<Eigen::MatrixXcd> s(points);
        std::vector<char> finite(threads, 1);
        std::vector<double> straddle(rec_size);
        // Thread t converts the records that start and end inside its chunk.
        parallel_for(threads, [&](unsigned t) {
            const std::size_t first = (offset[t] + rec_size - 1) / rec_size;
            for (std::size_t k = first; (k + 1) * rec_size <= offset[t + 1]; ++k) {
                s[k].resize(nports, nports);
                store_matrix(nums[t].data() + (k * rec_size - offset[t]) + 1, s[k]);
                if (!s[k].allFinite()) finite[t] = 0;
            }
        });
        for (unsigned t = 1; t < threads; ++t) {
            if (offset[t] % rec_size == 0) continue;
            const std::size_t k = offset[t] / rec_size;
            if (s[k].size() != 0) continue;  // already converted (inside one chunk)
            for (std::size_t j = 0; j < rec_size; ++j) straddle[j] = at(k * rec_size + j);
            s[k].resize(nports, nports);
            store_matrix(straddle.data() + 1, s[k]);
            if (!s[k].allFinite()) finite[0] = 0;
        }
        // An overflow (e.g. 51001 dB) is the serial parser's error to report.
        if (std::find(finite.begin(), finite.end(), 0) != finite.end()) return false;
        net.f_hz = std::move(f_hz);
        net.s = std::move(s);
        if (options.threads_used) *options.threads_used = threads;
        return true;
    }

    // Converts Y/Z/H/G data to S with real per-port references (Pozar 4.3, table 4.2).
    void convert_to_s() {
        if (param == Param::s) return;
        const int N = nports;
        Eigen::VectorXd sq(N);
        for (int i = 0; i < N; ++i) sq(i) = std::sqrt(net.z0_ohm[static_cast<std::size_t>(i)]);
        const Eigen::MatrixXcd I = Eigen::MatrixXcd::Identity(N, N);
        // Touchstone 1.x normalizes Y, Z, H, G to R; 2.0 gives them in ohms / siemens.
        const double r = version == 1 ? r_ohm : 1.0;
        for (std::size_t k = 0; k < net.s.size(); ++k) {
            Eigen::MatrixXcd x = net.s[k];
            Eigen::MatrixXcd z;
            if (param == Param::g) {
                // G is the inverse of H; de-normalize (G11 in S, G22 in ohm) first.
                x(0, 0) /= r;
                x(1, 1) *= r;
                if (std::abs(x.determinant()) == 0.0) fail(0, "singular G matrix at point " + std::to_string(k + 1));
                x = x.inverse().eval();
                param_h_to_z(x, z, 1.0, k);
            } else if (param == Param::h) {
                param_h_to_z(x, z, r, k);
            } else if (param == Param::z) {
                z = x * r;
            }
            Eigen::MatrixXcd s;
            if (param == Param::y) {
                Eigen::MatrixXcd yn = sq.asDiagonal() * (x / r) * sq.asDiagonal();
                Eigen::MatrixXcd d = I + yn;
                if (std::abs(d.determinant()) == 0.0) fail(0, "Y matrix has no S equivalent at point " + std::to_string(k + 1));
                s = (I - yn) * d.inverse();
            } else {
                Eigen::MatrixXcd zn = sq.cwiseInverse().asDiagonal() * z * sq.cwiseInverse().asDiagonal();
                Eigen::MatrixXcd d = zn + I;
                if (std::abs(d.determinant()) == 0.0) fail(0, "Z matrix has no S equivalent at point " + std::to_string(k + 1));
                s = (zn - I) * d.inverse();
            }
            if (!s.allFinite()) fail(0, "the S equivalent at point " + std::to_string(k + 1) + " is not finite");
            net.s[k] = std::move(s);
        }
    }

    void param_h_to_z(const Eigen::MatrixXcd& h_in, Eigen::MatrixXcd& z, double r, std::size_t k) const {
        // H11 in ohm, H22 in siemens (1.x: normalized by R).
        cplx h11 = h_in(0, 0) * r, h12 = h_in(0, 1), h21 = h_in(1, 0), h22 = h_in(1, 1) / r;
        if (h22 == cplx(0.0)) fail(0, "H22 = 0 has no Z equivalent at point " + std::to_string(k + 1));
        z.resize(2, 2);
        z(0, 0) = (h11 * h22 - h12 * h21) / h22;
        z(0, 1) = h12 / h22;
        z(1, 0) = -h21 / h22;
        z(1, 1) = 1.0 / h22;
    }

    Network run() {
        if (ports_hint > 0) set_ports(ports_hint);
        std::size_t pos = 0;
        const std::size_t n = text.size();
        int last_line = 0;
        while (pos < n && !ended) {
            std::size_t eol = text.find('\n', pos);
            if (eol == std::string_view::npos) eol = n;
            std::string_view raw = text.substr(pos, eol - pos);
            pos = eol + 1;
            ++line;
            last_line = line;
            std::size_t bang = raw.find('!');
            std::string_view content = raw;
            if (bang != std::string_view::npos) {
                content = raw.substr(0, bang);
                if (trim(content).empty()) handle_port_name(raw.substr(bang + 1));
            }
            content = trim(content);
            if (content.empty()) continue;
            if (in_info) {
                if (content.front() == '[' && lower(content).rfind("[end information]", 0) == 0) in_info = false;
                continue;
            }
            if (content.front() == '[') {
                handle_keyword(content);
            } else if (content.front() == '#') {
                if (in_data || in_noise) continue;  // a late option line is ignored (1.1)
                seen_content = true;
                handle_option(content.substr(1));
            } else if (in_noise) {
                continue;
            } else {
                handle_numbers(content);
            }
        }
        if (reading_reference)
            fail(reference_line, "[Reference] has " + std::to_string(reference.size()) +
                                     " values; expected one per port (" + std::to_string(nports) + ")");
        if (!rec.empty()) {
            double f = rec[0];
            std::ostringstream msg;
            msg << "the data ends inside the point at frequency " << f << " (line " << rec_line << "): expected "
                << rec_size << " values (frequency and " << (rec_size - 1) / 2 << " complex numbers), found "
                << rec.size();
            fail(last_line, msg.str());
        }
        if (nports <= 0)
            fail(last_line, "cannot tell the port count: name the file .sNp (Touchstone 1.x) or use "
                            "[Version] 2.0 with [Number of Ports]");
        if (version == 2 && !in_data && !in_noise && net.f_hz.empty() && nfreq < 0)
            fail(last_line, "expected [Number of Frequencies] and [Network Data]");
        if (version == 2 && static_cast<long long>(net.f_hz.size()) != nfreq)
            fail(last_line, "expected " + std::to_string(nfreq) + " frequency points ([Number of Frequencies]), found " +
                                std::to_string(net.f_hz.size()));
        if (net.f_hz.empty()) fail(last_line, "expected network data, found none");
        // [Reference] and [Mixed-Mode Order] must match the final port count (fuzz crasher: a
        // 6-value [Reference] followed by [Number of Ports] 3).
        if (!reference.empty() && static_cast<int>(reference.size()) != nports)
            fail(reference_line, "[Reference] has " + std::to_string(reference.size()) +
                                     " values; expected one per port (" + std::to_string(nports) + ")");
        if (!mm_order.empty() && static_cast<int>(mm_order.size()) != nports)
            fail(last_line, "[Mixed-Mode Order] lists " + std::to_string(mm_order.size()) +
                                " entries; expected one per port (" + std::to_string(nports) + ")");
        net.name = name;
        net.z0_ohm = reference.empty() ? std::vector<double>(static_cast<std::size_t>(nports), r_ohm) : reference;
        port_names.resize(static_cast<std::size_t>(nports));
        net.port_names = port_names;
        net.mixed_mode_order = mm_order;
        convert_to_s();
        return std::move(net);
    }
};

void append_number(std::string& out, double v, int digits = 0) {
    char buf[64];
    char* p = buf;
    if (digits > 0) {
        p = buf + std::snprintf(buf, sizeof buf, "%.*g", std::min(digits, 17), v);
    } else {
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        p = r.ec == std::errc() ? r.ptr : buf + std::snprintf(buf, sizeof buf, "%.17g", v);
    }
    out.append(buf, p);
}

}  // namespace

int ports_from_extension(std::string_view path) {
    std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) return 0;
    std::string ext = lower(path.substr(dot + 1));
    if (ext.size() < 3 || ext.front() != 's' || ext.back() != 'p') return 0;
    int n = 0;
    std::string_view digits(ext.data() + 1, ext.size() - 2);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || p != digits.data() + digits.size() || n <= 0 || n > kMaxPorts) return 0;
    return n;
}

Network parse_touchstone(std::string_view text, const std::string& name, int ports_hint,
                         const TouchstoneReadOptions& options) {
    Parser p{text, name, ports_hint > 0 ? ports_hint : ports_from_extension(name)};
    p.options = options;
    if (options.threads_used) *options.threads_used = 1;  // try_parallel overwrites it when it reads the data
    return p.run();
}

namespace {
// A read-only private mapping of a regular file, pages mapped up front (MAP_POPULATE: from
// the page cache, no copy into a buffer and no page fault per 4 KiB page). Like any mapping it
// assumes the file is not truncated by another process while it is parsed (SIGBUS); channel
// files are inputs that nothing rewrites during a run.
class MappedFile {
public:
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    // An empty mapping (data() == nullptr) when the file is not a regular file of at least
    // min_bytes or cannot be mapped: the caller reads it instead.
    MappedFile(const std::string& path, std::size_t min_bytes) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) >= min_bytes) {
            void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) {
                data_ = static_cast<const char*>(p);
                size_ = static_cast<std::size_t>(st.st_size);
            }
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (data_) ::munmap(const_cast<char*>(data_), size_);
    }
    const char* data() const { return data_; }
    std::size_t size() const { return size_; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};
}  // namespace

Network read_touchstone(const std::string& path, const TouchstoneReadOptions& options) {
    // Large files are mapped (a 3 MB channel: the kernel copy and ~700 page faults of a read
    // buffer were ~10% of a whole `racklink com --erl-only` run); small ones and pipes are read.
    if (const MappedFile map(path, std::size_t{1} << 20); map.data())
        return parse_touchstone(std::string_view(map.data(), map.size()), path, 0, options);
    std::FILE* fp = std::fopen(path.c_str(), "rb");
    if (!fp) throw TouchstoneError(path, 0, "cannot open the file");
    std::string text;
    long size = -1;
    if (std::fseek(fp, 0, SEEK_END) == 0) {
        size = std::ftell(fp);
        std::rewind(fp);
    }
    if (size > 0) {
        // Uninitialized buffer: zero-filling a std::string first costs a pass over the file.
        std::unique_ptr<char[]> buf(new char[static_cast<std::size_t>(size)]);
        std::size_t got = std::fread(buf.get(), 1, static_cast<std::size_t>(size), fp);
        const bool bad = std::ferror(fp) != 0;
        std::fclose(fp);
        if (bad) throw TouchstoneError(path, 0, "cannot read the file");
        return parse_touchstone(std::string_view(buf.get(), got), path, 0, options);
    } else {  // not seekable (a pipe): read in chunks
        char buf[1 << 16];
        std::size_t got = 0;
        while ((got = std::fread(buf, 1, sizeof buf, fp)) > 0) text.append(buf, got);
    }
    const bool bad = std::ferror(fp) != 0;
    std::fclose(fp);
    if (bad) throw TouchstoneError(path, 0, "cannot read the file");
    return parse_touchstone(text, path, 0, options);
}

std::string format_touchstone(const Network& net, const TouchstoneWriteOptions& opt) {
    const int N = net.ports();
    if (N <= 0 || net.s.size() != net.f_hz.size()) throw std::invalid_argument("format_touchstone: empty or inconsistent network");
    bool same_z0 = std::all_of(net.z0_ohm.begin(), net.z0_ohm.end(), [&](double z) { return z == net.z0_ohm.front(); });
    if (opt.version == TouchstoneVersion::v1 && !same_z0)
        throw std::invalid_argument("Touchstone 1.x needs one reference impedance for all ports; write version 2");
    double unit_hz = opt.freq_unit_hz == 1.0 || opt.freq_unit_hz == 1e3 || opt.freq_unit_hz == 1e6 ? opt.freq_unit_hz : 1e9;
    // Keep every frequency exact through the scaling; otherwise write Hz.
    for (double f : net.f_hz)
        if (f / unit_hz * unit_hz != f) {
            unit_hz = 1.0;
            break;
        }
    const char* unit = unit_hz == 1.0 ? "Hz" : unit_hz == 1e3 ? "kHz" : unit_hz == 1e6 ? "MHz" : "GHz";
    const char* fmt = opt.format == DataFormat::ri ? "RI" : opt.format == DataFormat::ma ? "MA" : "DB";
    std::string out;
    out.reserve(net.points() * static_cast<std::size_t>(N * N) * 48 + 256);
    out += "! written by RackLink (";
    out += net.name;
    out += ")\n";
    if (opt.version == TouchstoneVersion::v2) out += "[Version] 2.0\n";
    out += "# ";
    out += unit;
    out += " S ";
    out += fmt;
    out += " R ";
    append_number(out, net.z0_ohm.front());
    out += '\n';
    for (int i = 0; i < N; ++i) {
        const std::string& pn = i < static_cast<int>(net.port_names.size()) ? net.port_names[static_cast<std::size_t>(i)] : std::string();
        if (!pn.empty()) out += "! Port[" + std::to_string(i + 1) + "] = " + pn + "\n";
    }
    if (opt.version == TouchstoneVersion::v2) {
        out += "[Number of Ports] " + std::to_string(N) + "\n";
        if (N == 2) out += "[Two-Port Data Order] 21_12\n";
        out += "[Number of Frequencies] " + std::to_string(net.points()) + "\n";
        out += "[Reference]";
        for (double z : net.z0_ohm) {
            out += ' ';
            append_number(out, z);
        }
        out += "\n";
        if (!net.mixed_mode_order.empty()) {
            out += "[Mixed-Mode Order]";
            for (const auto& m : net.mixed_mode_order) out += " " + m;
            out += "\n";
        }
        out += "[Network Data]\n";
    }
    auto put = [&](cplx c) {
        out += ' ';
        if (opt.format == DataFormat::ri) {
            append_number(out, c.real(), opt.significant_digits);
            out += ' ';
            append_number(out, c.imag(), opt.significant_digits);
        } else {
            double mag = std::abs(c);
            double ang = std::arg(c) / kDegToRad;
            append_number(out, opt.format == DataFormat::ma ? mag : 20.0 * std::log10(std::max(mag, 1e-300)),
                          opt.significant_digits);
            out += ' ';
            append_number(out, ang, opt.significant_digits);
        }
    };
    for (std::size_t k = 0; k < net.points(); ++k) {
        append_number(out, net.f_hz[k] / unit_hz);
        const Eigen::MatrixXcd& m = net.s[k];
        if (N == 2) {
            put(m(0, 0));
            put(m(1, 0));
            put(m(0, 1));
            put(m(1, 1));
            out += '\n';
        } else {
            // Touchstone 1.1: each matrix row starts a new line, at most four pairs per line.
            for (int r = 0; r < N; ++r) {
                for (int c = 0; c < N; ++c) {
                    if (c > 0 && c % 4 == 0) out += "\n ";
                    put(m(r, c));
                }
                out += '\n';
                if (r + 1 < N) out += ' ';
            }
        }
    }
    if (opt.version == TouchstoneVersion::v2) out += "[End]\n";
    return out;
}

void write_touchstone(const Network& net, const std::string& path, const TouchstoneWriteOptions& opt) {
    std::string text = format_touchstone(net, opt);
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw TouchstoneError(path, 0, "cannot write the file");
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw TouchstoneError(path, 0, "cannot write the file");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw TouchstoneError(path, 0, "cannot rename the temporary file into place");
    }
}

}  // namespace racklink::sigint
