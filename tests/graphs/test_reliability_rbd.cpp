#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "graphs/reliability_rbd.hpp"

using namespace racklink::graphs;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// Monte Carlo and closed form agree when the difference is inside the 99.9 % interval
// (3.29 sigma = 1.68 x the reported 95 % half width); the seed is fixed, so this is repeatable.
void check_agrees(double exact, double mc, double ci95) {
    INFO("exact " << exact << " Monte Carlo " << mc << " +- " << ci95);
    CHECK(std::abs(mc - exact) <= 1.68 * ci95);
}

// system = series(A, parallel(B, C), 2-of-3(D, E, F), parallel(G, series(H, A)))
Rbd textbook(const std::vector<double>& q) {
    Rbd r;
    const char* names = "ABCDEFGH";
    std::vector<uint32_t> leaf;
    for (int i = 0; i < 8; ++i) {
        r.add_component({std::string(1, names[i]), q[i], 1.0});
    }
    auto L = [&](uint32_t c) { return r.leaf(c); };
    uint32_t a = L(0), bc = r.parallel({L(1), L(2)}), def = r.k_of_n(2, {L(3), L(4), L(5)});
    uint32_t gha = r.parallel({L(6), r.series({L(7), L(0)})});
    r.series({a, bc, def, gha}, "system");
    return r;
}
const std::vector<double> kTextbookQ = {0.001, 0.05, 0.08, 0.02, 0.03, 0.04, 0.1, 0.2};

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}
}  // namespace

TEST_CASE("fault-tree probability and importance of a textbook RBD match SCRAM 0.16.2") {
    // Golden values: `scram --probability true --importance true
    // tests/graphs/scram/textbook_rbd.xml` (SCRAM 0.16.2, Debian 12, BDD, exact), the same
    // structure written as a fault tree; probability of the top event 0.0273845; per basic event
    // MIF (Birnbaum), CIF (criticality), DIF, RAW, RRW as printed below.
    Rbd r = textbook(kTextbookQ);
    CHECK_THAT(failure_probability(r, kTextbookQ), WithinRel(0.0273845, 2e-6));
    struct Golden {
        double mif, cif, dif, raw, rrw;
    };
    const Golden g[] = {
        {0.973589, 0.0355525, 0.0365169, 36.5169, 1.03686},
        {0.0781217, 0.142638, 0.185506, 3.71013, 1.16637},
        {0.0488261, 0.142638, 0.211227, 2.64034, 1.16637},
        {0.065917, 0.0481418, 0.0671789, 3.35895, 1.05058},
        {0.0569461, 0.0623849, 0.0905134, 3.01711, 1.06654},
        {0.0475851, 0.0695065, 0.106726, 2.66816, 1.0747},
        {0.198493, 0.724836, 0.752352, 7.52352, 3.63419},
        {0.0992465, 0.724836, 0.779869, 3.89934, 3.63419},
    };
    std::vector<Importance> im = importance(r, kTextbookQ);
    REQUIRE(im.size() == 8);
    for (int i = 0; i < 8; ++i) {
        INFO(im[i].name);
        CHECK_THAT(im[i].birnbaum, WithinRel(g[i].mif, 1e-5));
        CHECK_THAT(im[i].criticality, WithinRel(g[i].cif, 1e-5));
        CHECK_THAT(im[i].diagnostic, WithinRel(g[i].dif, 1e-5));
        CHECK_THAT(im[i].raw, WithinRel(g[i].raw, 1e-5));
        CHECK_THAT(im[i].rrw, WithinRel(g[i].rrw, 1e-5));
    }
}

TEST_CASE("SCRAM run live on the same fault tree agrees (skipped when scram is absent)") {
    if (std::system("command -v scram > /dev/null 2>&1") != 0) {
        WARN("scram not installed: live cross-check skipped");
        return;
    }
    std::string in = std::string(RACKLINK_SOURCE_DIR) + "/tests/graphs/scram/textbook_rbd.xml";
    std::string out = "test_reliability_rbd_scram.xml";
    std::string cmd = "scram --probability true --importance true '" + in + "' -o " + out +
                      " > /dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::string report = read_file(out);
    std::remove(out.c_str());
    std::smatch m;
    REQUIRE(std::regex_search(report, m, std::regex(R"(name="top"[^>]*probability="([0-9.eE+-]+)\")")));
    CHECK_THAT(failure_probability(textbook(kTextbookQ), kTextbookQ),
               WithinRel(std::stod(m[1].str()), 1e-5));
    REQUIRE(std::regex_search(report, m, std::regex(R"(name="G"[^>]*MIF="([0-9.eE+-]+)\")")));
    CHECK_THAT(importance(textbook(kTextbookQ), kTextbookQ)[6].birnbaum,
               WithinRel(std::stod(m[1].str()), 1e-5));
}

TEST_CASE("closed forms: series multiplies, parallel multiplies failures, 2-of-3 by hand") {
    Rbd r;
    uint32_t a = r.leaf(r.add_component({"a", 1e-3, 1}));
    uint32_t b = r.leaf(r.add_component({"b", 2e-3, 1}));
    uint32_t c = r.leaf(r.add_component({"c", 3e-3, 1}));
    const double t = 100.0;
    double ra = std::exp(-0.1), rb = std::exp(-0.2), rc = std::exp(-0.3);
    r.series({a, b, c});
    CHECK_THAT(reliability(r, t), WithinRel(ra * rb * rc, 1e-12));
    CHECK_THAT(mttf(r), WithinRel(1.0 / 6e-3, 1e-6));
    r.parallel({a, b, c});
    CHECK_THAT(reliability(r, t), WithinRel(1 - (1 - ra) * (1 - rb) * (1 - rc), 1e-12));
    r.k_of_n(2, {a, b, c});
    double two = ra * rb * rc + ra * rb * (1 - rc) + ra * (1 - rb) * rc + (1 - ra) * rb * rc;
    CHECK_THAT(reliability(r, t), WithinRel(two, 1e-12));
}

TEST_CASE("MTTF of two identical parallel units is 3/(2 lambda), of cold standby n/lambda") {
    Rbd p;
    uint32_t c0 = p.add_component({"u0", 1e-3, 1}), c1 = p.add_component({"u1", 1e-3, 1});
    p.parallel({p.leaf(c0), p.leaf(c1)});
    CHECK_THAT(mttf(p), WithinRel(1500.0, 1e-6));
    Rbd s;
    std::vector<uint32_t> units;
    for (int i = 0; i < 3; ++i) units.push_back(s.leaf(s.add_component({"u", 1e-3, 1})));
    s.standby(units);
    CHECK_THAT(mttf(s), WithinRel(3000.0, 1e-6));
    // Distinct rates: hypoexponential mean is the sum of the means.
    Rbd h;
    uint32_t h0 = h.leaf(h.add_component({"x", 1e-3, 1}));
    uint32_t h1 = h.leaf(h.add_component({"y", 2e-3, 1}));
    h.standby({h0, h1});
    CHECK_THAT(mttf(h), WithinRel(1500.0, 1e-6));
}

TEST_CASE("Monte Carlo reliability agrees with the closed forms within the confidence interval") {
    Rbd r;
    std::vector<uint32_t> l;
    for (int i = 0; i < 4; ++i) l.push_back(r.leaf(r.add_component({"u", 1e-3 * (i + 1), 1})));
    const double t = 300.0;
    struct Case {
        const char* name;
        uint32_t top;
    };
    std::vector<Case> cases;
    cases.push_back({"series", r.series({l[0], l[1]})});
    cases.push_back({"parallel", r.parallel({l[0], l[1], l[2]})});
    cases.push_back({"2-of-4", r.k_of_n(2, {l[0], l[1], l[2], l[3]})});
    cases.push_back({"cold standby", r.standby({l[0], l[3]})});
    cases.push_back({"mixed", r.series({r.parallel({l[0], l[1]}), r.standby({l[2], l[3]})})});
    for (const Case& c : cases) {
        INFO(c.name);
        r.set_top(c.top);
        RbdLifeResult mc = simulate_reliability(r, t, 200000, 7);
        CHECK(mc.ci95_half_width < 0.003);
        check_agrees(reliability(r, t), mc.reliability, mc.ci95_half_width);
        check_agrees(mttf(r), mc.mttf_s, mc.mttf_ci95_half_width_s);
    }
}

TEST_CASE("a two-unit parallel system with one repair crew has the textbook unavailability") {
    // Birth-death chain: U = 2 l^2 / (mu^2 + 2 l mu + 2 l^2) (Rausand & Hoyland sec. 8.7).
    const double l = 1e-3, mttr = 50.0, mu = 1 / mttr;
    RedundancyChain ch{.n = 2, .k = 1, .failure_rate_per_s = l, .mttr_s = mttr, .crews = 1};
    CHECK_THAT(1 - availability(ch), WithinRel(2 * l * l / (mu * mu + 2 * l * mu + 2 * l * l), 1e-10));
    // Two crews: units are independent, U = (l / (l + mu))^2.
    ch.crews = 2;
    CHECK_THAT(1 - availability(ch), WithinRel(std::pow(l / (l + mu), 2), 1e-10));
    // MTBF of the 1-crew system: 1 / (pi_1 * lambda).
    ch.crews = 1;
    Eigen::VectorXd p = state_probabilities(ch);
    CHECK_THAT(mean_time_between_failures(ch), WithinRel(1 / (p(1) * l), 1e-12));
}

TEST_CASE("an independent k-of-n Markov chain equals the binomial closed form") {
    const double l = 2e-3, mttr = 30.0;
    RedundancyChain ch{.n = 5, .k = 3, .failure_rate_per_s = l, .mttr_s = mttr};
    double q = l * mttr / (1 + l * mttr), a = 0.0;
    for (int w = 3; w <= 5; ++w) {
        double comb = w == 3 ? 10 : (w == 4 ? 5 : 1);
        a += comb * std::pow(1 - q, w) * std::pow(q, 5 - w);
    }
    CHECK_THAT(availability(ch), WithinRel(a, 1e-12));
}

TEST_CASE("Monte Carlo availability agrees with closed forms and Markov models") {
    const double l = 1e-3, mttr = 100.0;
    RbdSimOptions o{.horizon_s = 4e5, .replications = 40, .seed = 11};
    SECTION("one unit: A = MTBF / (MTBF + MTTR)") {
        Rbd r;
        r.leaf(r.add_component({"u", l, mttr}));
        RbdSimResult mc = simulate_availability(r, o);
        check_agrees(1000.0 / 1100.0, mc.availability, mc.ci95_half_width);
        CHECK_THAT(availability(r), WithinRel(1000.0 / 1100.0, 1e-12));
    }
    SECTION("series, parallel and 2-of-3 with unlimited crews") {
        Rbd r;
        std::vector<uint32_t> u;
        for (int i = 0; i < 3; ++i) u.push_back(r.leaf(r.add_component({"u", l * (i + 1), mttr})));
        for (uint32_t top : {r.series({u[0], u[1]}), r.parallel({u[0], u[1], u[2]}),
                             r.k_of_n(2, {u[0], u[1], u[2]})}) {
            r.set_top(top);
            RbdSimResult mc = simulate_availability(r, o);
            CHECK(mc.ci95_half_width < 0.01);
            check_agrees(availability(r), mc.availability, mc.ci95_half_width);
        }
    }
    SECTION("2-unit parallel with one shared repair crew") {
        Rbd r;
        uint32_t a = r.leaf(r.add_component({"a", l, mttr})), b = r.leaf(r.add_component({"b", l, mttr}));
        uint32_t top = r.parallel({a, b});
        r.set_crews(top, 1);
        RbdSimOptions o1 = o;
        o1.crews = 1;
        RbdSimResult mc = simulate_availability(r, o1);
        double mu = 1 / mttr;
        check_agrees(1 - 2 * l * l / (mu * mu + 2 * l * mu + 2 * l * l), mc.availability,
                     mc.ci95_half_width);
        CHECK_THAT(availability(r), WithinRel(1 - 2 * l * l / (mu * mu + 2 * l * mu + 2 * l * l), 1e-12));
    }
    SECTION("cold standby pair with one crew matches its Markov chain") {
        Rbd r;
        uint32_t a = r.leaf(r.add_component({"a", l, mttr})), b = r.leaf(r.add_component({"b", l, mttr}));
        r.standby({a, b}, 1, 0.0, 1);
        RbdSimOptions o1 = o;
        o1.crews = 1;
        RbdSimResult mc = simulate_availability(r, o1);
        // Cold standby, one crew: pi2 = (l/mu)^2 pi0, pi1 = (l/mu) pi0.
        double x = l * mttr;
        check_agrees(1 - x * x / (1 + x + x * x), mc.availability, mc.ci95_half_width);
        CHECK_THAT(availability(r), WithinRel(1 - x * x / (1 + x + x * x), 1e-12));
    }
}

TEST_CASE("malformed diagrams are reported with the block at fault") {
    Rbd r;
    uint32_t a = r.leaf(r.add_component({"a", 1e-3, 1}));
    r.k_of_n(3, {a, a}, "votes");
    CHECK(r.check() == "block 'votes': k = 3 is not in 1..2");
    Rbd neg;
    neg.leaf(neg.add_component({"bad", -1.0, 1}));
    CHECK(neg.check() == "component 'bad': the failure rate must be >= 0");
    CHECK_THROWS_AS(availability(neg), std::invalid_argument);
}

TEST_CASE("the product-form birth-death solution equals the Eigen generator solve") {
    for (bool standby : {false, true})
        for (uint32_t crews : {0u, 1u, 2u}) {
            RedundancyChain ch{.n = 6, .k = 4, .failure_rate_per_s = 3e-3, .mttr_s = 40.0,
                               .standby = standby, .dormant_factor = 0.2, .crews = crews};
            Eigen::VectorXd a = state_probabilities(ch), b = state_probabilities_lu(ch);
            for (int i = 0; i <= 6; ++i) CHECK_THAT(a(i), WithinRel(b(i), 1e-9) || WithinAbs(b(i), 1e-15));
        }
    // A long chain (a group of 1,296 links, 8 failures tolerated) stays finite.
    RedundancyChain big{.n = 1296, .k = 1288, .failure_rate_per_s = 1e-9, .mttr_s = 3600.0};
    double a = availability(big);
    CHECK(a > 0.999999);
    CHECK(a <= 1.0);
}
