#pragma once
/// Steady-state thermal resistance network with coolant advection.
///
/// Nodes carry temperatures (K). Free nodes are unknowns; fixed nodes are boundary
/// temperatures (coolant supply). Conduction between two nodes is a conductance G = 1/R
/// (W/K). Coolant flowing from an upstream node into a downstream node is an advection
/// term with capacity rate C = m_dot * cp (W/K), written with first-order upwinding: the
/// energy balance of the downstream cell is
///     C (T_down - T_up) = sum_k G_k (T_k - T_down) + Q_down
/// (finite-volume upwind scheme: S. V. Patankar, "Numerical Heat Transfer and Fluid Flow",
/// Hemisphere 1980, sec. 5.2-5.4). The cell temperature is its outlet temperature.
///
/// Why upwind and why LU: the advection term puts -C in (down, up) but nothing in (up, down),
/// so the matrix is not symmetric and Cholesky/LDLT (SimplicialLDLT) does not apply. Upwinding
/// keeps every row weakly diagonally dominant with non-positive off-diagonals (an M-matrix once
/// each connected part touches a fixed node): the solution is unique and monotone (more heat or
/// a warmer supply never lowers a temperature; Patankar's "positive coefficients" rule), and
/// every row is an exact energy balance, so the heat into the coolant equals the heat
/// dissipated. A central (average) fluid temperature would be second-order but can lose
/// diagonal dominance when G >> C. We factor with Eigen::SparseLU (COLAMD ordering); the
/// network is a forest of short chains, so fill-in is small.

#include <cstdint>
#include <string>
#include <vector>

namespace racklink::thermal {

/// A thermal network under construction (plain value type).
class Network {
public:
    /// Adds an unknown-temperature node; returns its id.
    int32_t add_node();
    /// Adds a node at a fixed temperature (K); returns its id.
    int32_t add_fixed(double temp_k);
    /// Conductance `g_w_per_k` (> 0) between nodes a and b.
    void add_conductance(int32_t a, int32_t b, double g_w_per_k);
    /// Coolant flows from `up` into `down` with capacity rate `c_w_per_k` = m_dot * cp (> 0).
    void add_advection(int32_t up, int32_t down, double c_w_per_k);
    /// Heat `q_w` dissipated into node n (may be added several times).
    void add_heat(int32_t n, double q_w);
    /// Changes the capacity rate of advection term `index` (in the order added).
    void set_advection(size_t index, double c_w_per_k);

    size_t node_count() const { return fixed_.size(); }
    size_t free_count() const { return free_count_; }
    bool is_fixed(int32_t n) const { return fixed_[static_cast<size_t>(n)]; }

    struct Conductance {
        int32_t a, b;
        double g_w_per_k;
    };
    struct Advection {
        int32_t up, down;
        double c_w_per_k;
    };
    const std::vector<Conductance>& conductances() const { return conductances_; }
    const std::vector<Advection>& advections() const { return advections_; }
    const std::vector<double>& heat_w() const { return heat_w_; }
    const std::vector<double>& fixed_temp_k() const { return fixed_temp_k_; }

private:
    std::vector<bool> fixed_;
    std::vector<double> fixed_temp_k_;  ///< per node (NaN for free nodes)
    std::vector<double> heat_w_;        ///< per node
    std::vector<Conductance> conductances_;
    std::vector<Advection> advections_;
    size_t free_count_ = 0;
};

/// Outcome of a solve.
struct NetworkSolution {
    bool ok = false;
    std::string message;          ///< why not, when !ok
    std::vector<double> temp_k;   ///< per node (fixed nodes keep their temperature)
    size_t unknowns = 0;
    size_t nonzeros = 0;          ///< of the assembled matrix
};

/// Reusable sparse solver: analyses the sparsity pattern once, then refactors for new values
/// (the pattern depends only on the topology, which stays the same across the fixed-point
/// iterations on temperature-dependent coolant properties).
class SparseSolver {
public:
    SparseSolver();
    ~SparseSolver();
    SparseSolver(const SparseSolver&) = delete;
    SparseSolver& operator=(const SparseSolver&) = delete;
    /// Solves `net` with Eigen::SparseLU.
    NetworkSolution solve(const Network& net);

private:
    struct Impl;
    Impl* impl_;
};

/// One-shot sparse solve (Eigen::SparseLU, COLAMD ordering).
NetworkSolution solve_sparse(const Network& net);
/// Dense baseline (Eigen::PartialPivLU on the full matrix): O(n^3); for cross-checks and
/// benchmarks only.
NetworkSolution solve_dense(const Network& net);

}  // namespace racklink::thermal
