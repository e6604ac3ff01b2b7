#include "thermal/network.hpp"

#include <Eigen/Dense>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include <cmath>
#include <limits>

namespace racklink::thermal {

int32_t Network::add_node() {
    fixed_.push_back(false);
    fixed_temp_k_.push_back(std::numeric_limits<double>::quiet_NaN());
    heat_w_.push_back(0.0);
    ++free_count_;
    return static_cast<int32_t>(fixed_.size() - 1);
}

int32_t Network::add_fixed(double temp_k) {
    fixed_.push_back(true);
    fixed_temp_k_.push_back(temp_k);
    heat_w_.push_back(0.0);
    return static_cast<int32_t>(fixed_.size() - 1);
}

void Network::add_conductance(int32_t a, int32_t b, double g_w_per_k) {
    conductances_.push_back({a, b, g_w_per_k});
}

void Network::add_advection(int32_t up, int32_t down, double c_w_per_k) {
    advections_.push_back({up, down, c_w_per_k});
}

void Network::add_heat(int32_t n, double q_w) { heat_w_[static_cast<size_t>(n)] += q_w; }

void Network::set_advection(size_t index, double c_w_per_k) {
    advections_[index].c_w_per_k = c_w_per_k;
}

namespace {

using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;

struct Assembled {
    std::vector<int32_t> row_of;  // node -> unknown index, -1 for fixed nodes
    SpMat a;
    Eigen::VectorXd b;
};

// Builds A T = b over the free nodes (fixed nodes moved to the right-hand side).
Assembled assemble(const Network& net) {
    Assembled s;
    const size_t n = net.node_count();
    s.row_of.assign(n, -1);
    int32_t k = 0;
    for (size_t i = 0; i < n; ++i)
        if (!net.is_fixed(static_cast<int32_t>(i))) s.row_of[i] = k++;
    s.b = Eigen::VectorXd::Zero(k);
    std::vector<Eigen::Triplet<double, int>> t;
    t.reserve(4 * net.conductances().size() + 2 * net.advections().size());
    for (size_t i = 0; i < n; ++i)
        if (s.row_of[i] >= 0) s.b[s.row_of[i]] += net.heat_w()[i];
    const auto& tf = net.fixed_temp_k();
    for (const auto& c : net.conductances()) {
        int32_t ra = s.row_of[static_cast<size_t>(c.a)];
        int32_t rb = s.row_of[static_cast<size_t>(c.b)];
        if (ra >= 0) {
            t.emplace_back(ra, ra, c.g_w_per_k);
            if (rb >= 0)
                t.emplace_back(ra, rb, -c.g_w_per_k);
            else
                s.b[ra] += c.g_w_per_k * tf[static_cast<size_t>(c.b)];
        }
        if (rb >= 0) {
            t.emplace_back(rb, rb, c.g_w_per_k);
            if (ra >= 0)
                t.emplace_back(rb, ra, -c.g_w_per_k);
            else
                s.b[rb] += c.g_w_per_k * tf[static_cast<size_t>(c.a)];
        }
    }
    for (const auto& a : net.advections()) {
        int32_t rd = s.row_of[static_cast<size_t>(a.down)];
        if (rd < 0) continue;  // a fixed downstream node needs no balance
        int32_t ru = s.row_of[static_cast<size_t>(a.up)];
        t.emplace_back(rd, rd, a.c_w_per_k);
        if (ru >= 0)
            t.emplace_back(rd, ru, -a.c_w_per_k);
        else
            s.b[rd] += a.c_w_per_k * tf[static_cast<size_t>(a.up)];
    }
    s.a.resize(k, k);
    s.a.setFromTriplets(t.begin(), t.end());
    s.a.makeCompressed();
    return s;
}

NetworkSolution expand(const Network& net, const Assembled& s, const Eigen::VectorXd& x) {
    NetworkSolution r;
    r.ok = true;
    r.unknowns = static_cast<size_t>(s.a.rows());
    r.nonzeros = static_cast<size_t>(s.a.nonZeros());
    r.temp_k.resize(net.node_count());
    for (size_t i = 0; i < net.node_count(); ++i)
        r.temp_k[i] = s.row_of[i] >= 0 ? x[s.row_of[i]] : net.fixed_temp_k()[i];
    for (double v : r.temp_k)
        if (!std::isfinite(v)) {
            r.ok = false;
            r.message = "thermal network solution is not finite";
            break;
        }
    return r;
}

NetworkSolution failure(std::string msg) {
    NetworkSolution r;
    r.message = std::move(msg);
    return r;
}

}  // namespace

struct SparseSolver::Impl {
    Eigen::SparseLU<SpMat, Eigen::COLAMDOrdering<int>> lu;
    bool analysed = false;
    Eigen::Index rows = -1;
    Eigen::Index nnz = -1;
};

SparseSolver::SparseSolver() : impl_(new Impl) {}
SparseSolver::~SparseSolver() { delete impl_; }

NetworkSolution SparseSolver::solve(const Network& net) {
    Assembled s = assemble(net);
    if (s.a.rows() == 0) return expand(net, s, Eigen::VectorXd());
    if (!impl_->analysed || impl_->rows != s.a.rows() || impl_->nnz != s.a.nonZeros()) {
        impl_->lu.analyzePattern(s.a);
        impl_->analysed = true;
        impl_->rows = s.a.rows();
        impl_->nnz = s.a.nonZeros();
    }
    impl_->lu.factorize(s.a);
    if (impl_->lu.info() != Eigen::Success)
        return failure("thermal network is singular (a node has no path to the coolant): " +
                       impl_->lu.lastErrorMessage());
    Eigen::VectorXd x = impl_->lu.solve(s.b);
    if (impl_->lu.info() != Eigen::Success) return failure("thermal network solve failed");
    return expand(net, s, x);
}

NetworkSolution solve_sparse(const Network& net) {
    SparseSolver solver;
    return solver.solve(net);
}

NetworkSolution solve_dense(const Network& net) {
    Assembled s = assemble(net);
    if (s.a.rows() == 0) return expand(net, s, Eigen::VectorXd());
    Eigen::MatrixXd dense(s.a);
    Eigen::PartialPivLU<Eigen::MatrixXd> lu(dense);
    Eigen::VectorXd x = lu.solve(s.b);
    return expand(net, s, x);
}

}  // namespace racklink::thermal
