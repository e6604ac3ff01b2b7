// Where the COM tests find golden values (tests/golden/com/, written by
// scripts/com_reference/run_reference.sh from the IEEE COM reference) and the public Touchstone
// channels (../shared/data/touchstone/), and how they read a golden file.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sigint/com.hpp"

namespace racklink::sigint::com_test {

inline const std::string kGolden = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/";
inline const std::string kTouchstone = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";

inline nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

/// A list in a golden case (Octave writes a one-element vector as a plain number; an absent or
/// null key is an empty list).
inline std::vector<double> golden_list(const nlohmann::json& e, const char* key) {
    if (!e.contains(key) || e[key].is_null()) return {};
    return e[key].is_array() ? e[key].get<std::vector<double>>() : std::vector<double>{e[key].get<double>()};
}

/// Same length and every element within `tol` (absolute).
inline void check_list(const std::vector<double>& got, const std::vector<double>& want, double tol) {
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) CHECK_THAT(got[k], Catch::Matchers::WithinAbs(want[k], tol));
}

/// Same length and every element equal (tap locations).
inline void check_list(const std::vector<int>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) CHECK(got[k] == static_cast<int>(want[k]));
}

/// The equalizer setting the search chose: sampling index, CTLE g_DC and g_DC_HP, TX FFE taps
/// (the search is sample-exact, so these must be identical to the reference's). Goldens from
/// the whole v4.50 reference have no t_s (its output does not carry the sampling index).
inline void check_equalizer_choice(const ComCaseResult& c, const nlohmann::json& e) {
    if (e.contains("t_s")) CHECK(c.t_s == e["t_s"].get<int>());
    CHECK(c.g_dc_db == e["g_dc_db"].get<double>());
    CHECK(c.g_dc_hp_db == e["g_dc_hp_db"].get<double>());
    check_list(c.txffe, golden_list(e, "txffe"), 1e-12);
}

/// How closely one package case's headline figures must agree with the golden case.
struct FigureTolerance {
    double com_db;  ///< COM, absolute (dB)
    double fom_db;  ///< FOM, absolute (dB)
    double as_rel;  ///< A_s, relative
    double ani_mv;  ///< A_ni, absolute (mV)
};

/// COM, FOM, A_s and A_ni of one package case against the golden case `e`.
inline void check_figures(const ComCaseResult& c, const nlohmann::json& e, const FigureTolerance& tol) {
    using Catch::Matchers::WithinAbs;
    using Catch::Matchers::WithinRel;
    CHECK_THAT(c.com_db, WithinAbs(e["com_db"].get<double>(), tol.com_db));
    CHECK_THAT(c.fom_db, WithinAbs(e["fom_db"].get<double>(), tol.fom_db));
    CHECK_THAT(c.as_mv, WithinRel(e["as_mv"].get<double>(), tol.as_rel));
    CHECK_THAT(c.ani_mv, WithinAbs(e["ani_mv"].get<double>(), tol.ani_mv));
}

/// COM of a golden run: the thru and the aggressors (file names under shared/data/touchstone)
/// with `p`; requires success and the golden's number of package cases.
inline ComResult golden_run(const ComParams& p, const nlohmann::json& g, const std::string& thru,
                            const std::vector<std::string>& fext = {}, const std::vector<std::string>& next = {}) {
    std::vector<std::string> fx, nx;
    for (const auto& f : fext) fx.push_back(kTouchstone + f);
    for (const auto& f : next) nx.push_back(kTouchstone + f);
    ComResult r = compute_com_files(p, kTouchstone + thru, fx, nx);
    INFO(g["description"].get<std::string>());
    REQUIRE(r.ok());
    REQUIRE(r.cases.size() == g["cases"].size());
    return r;
}

}  // namespace racklink::sigint::com_test
