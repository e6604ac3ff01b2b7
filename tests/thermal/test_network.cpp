#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "thermal/network.hpp"

using namespace racklink::thermal;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("one die on one cold plate matches the hand calculation") {
    // Supply 300 K, C = 100 W/K, Q = 500 W, R(j->coolant) = 0.02 K/W:
    // T_coolant_out = 300 + 500/100 = 305 K; T_j = 305 + 500 * 0.02 = 315 K.
    Network n;
    int32_t in = n.add_fixed(300.0);
    int32_t cool = n.add_node();
    int32_t j = n.add_node();
    n.add_advection(in, cool, 100.0);
    n.add_conductance(j, cool, 1.0 / 0.02);
    n.add_heat(j, 500.0);
    NetworkSolution s = solve_sparse(n);
    REQUIRE(s.ok);
    CHECK_THAT(s.temp_k[cool], WithinAbs(305.0, 1e-9));
    CHECK_THAT(s.temp_k[j], WithinAbs(315.0, 1e-9));
    CHECK(s.unknowns == 2);
}

TEST_CASE("coolant warms along a loop by the heat picked up so far") {
    // Three plates in series, 100 W each, C = 50 W/K: outlets at +2, +4, +6 K.
    Network n;
    int32_t up = n.add_fixed(310.0);
    std::vector<int32_t> cool;
    for (int i = 0; i < 3; ++i) {
        int32_t c = n.add_node();
        int32_t j = n.add_node();
        n.add_advection(up, c, 50.0);
        n.add_conductance(j, c, 10.0);
        n.add_heat(j, 100.0);
        cool.push_back(c);
        up = c;
    }
    NetworkSolution s = solve_sparse(n);
    REQUIRE(s.ok);
    CHECK_THAT(s.temp_k[cool[0]], WithinAbs(312.0, 1e-9));
    CHECK_THAT(s.temp_k[cool[1]], WithinAbs(314.0, 1e-9));
    CHECK_THAT(s.temp_k[cool[2]], WithinAbs(316.0, 1e-9));
}

namespace {
// A random forest of loops: each loop has k plates with random powers and resistances.
Network random_network(std::mt19937& rng, double c_scale, double t_in) {
    std::uniform_real_distribution<double> q(50.0, 1500.0), r(0.005, 0.05), c(50.0, 300.0);
    Network n;
    int32_t in = n.add_fixed(t_in);
    int32_t ret = n.add_node();
    for (int loop = 0; loop < 6; ++loop) {
        double cap = c(rng) * c_scale;
        int32_t up = in;
        for (int k = 0; k < 5; ++k) {
            int32_t cool = n.add_node();
            int32_t plate = n.add_node();
            int32_t jn = n.add_node();
            n.add_advection(up, cool, cap);
            n.add_conductance(plate, cool, 1.0 / r(rng));
            n.add_conductance(jn, plate, 1.0 / r(rng));
            n.add_heat(jn, q(rng));
            up = cool;
        }
        n.add_advection(up, ret, cap);
    }
    return n;
}
}  // namespace

TEST_CASE("the sparse LU and the dense LU solutions agree") {
    std::mt19937 rng(12345);
    Network n = random_network(rng, 1.0, 305.0);
    NetworkSolution a = solve_sparse(n);
    NetworkSolution b = solve_dense(n);
    REQUIRE(a.ok);
    REQUIRE(b.ok);
    for (size_t i = 0; i < a.temp_k.size(); ++i) CHECK_THAT(a.temp_k[i], WithinAbs(b.temp_k[i], 1e-8));
}

TEST_CASE("heat carried away by the coolant equals the heat dissipated") {
    std::mt19937 rng(7);
    Network n = random_network(rng, 1.0, 300.0);
    NetworkSolution s = solve_sparse(n);
    REQUIRE(s.ok);
    double q_in = 0.0;
    for (double q : n.heat_w()) q_in += q;
    // Sum of C (T_down - T_up) over every advection term = heat into the coolant.
    double q_cool = 0.0;
    for (const auto& a : n.advections())
        q_cool += a.c_w_per_k * (s.temp_k[a.down] - s.temp_k[a.up]);
    CHECK_THAT(q_cool, WithinRel(q_in, 1e-10));
}

TEST_CASE("more flow never raises and a warmer supply never lowers a temperature") {
    std::mt19937 rng1(99), rng2(99), rng3(99);
    NetworkSolution base = solve_sparse(random_network(rng1, 1.0, 300.0));
    NetworkSolution more_flow = solve_sparse(random_network(rng2, 1.5, 300.0));
    NetworkSolution warmer = solve_sparse(random_network(rng3, 1.0, 305.0));
    REQUIRE((base.ok && more_flow.ok && warmer.ok));
    for (size_t i = 0; i < base.temp_k.size(); ++i) {
        CHECK(more_flow.temp_k[i] <= base.temp_k[i] + 1e-9);
        // A linear network: a uniform +5 K supply shifts every node by exactly +5 K.
        CHECK_THAT(warmer.temp_k[i] - base.temp_k[i], WithinAbs(5.0, 1e-8));
    }
}

TEST_CASE("a reused solver gives the same answer after the flow changes") {
    std::mt19937 rng(3);
    Network n = random_network(rng, 1.0, 300.0);
    SparseSolver solver;
    NetworkSolution s1 = solver.solve(n);
    for (size_t i = 0; i < n.advections().size(); ++i)
        n.set_advection(i, 2.0 * n.advections()[i].c_w_per_k);
    NetworkSolution s2 = solver.solve(n);
    NetworkSolution ref = solve_dense(n);
    REQUIRE((s1.ok && s2.ok && ref.ok));
    for (size_t i = 0; i < s2.temp_k.size(); ++i) CHECK_THAT(s2.temp_k[i], WithinAbs(ref.temp_k[i], 1e-8));
}
