#include "graphs/reliability_rbd.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "graphs/reliability_dist.hpp"

namespace racklink::graphs {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Blocks whose availability comes from a Markov chain rather than from independence.
bool is_markov(const RbdBlock& b) {
    return b.type == BlockType::standby ||
           (b.crews > 0 && (b.type == BlockType::parallel || b.type == BlockType::k_of_n));
}

// Probability that fewer than k of the children work, children failing independently with
// probabilities qs (dynamic programming over the number working).
double k_of_n_failure(uint32_t k, const std::vector<double>& qs) {
    std::vector<double> p(qs.size() + 1, 0.0);
    p[0] = 1.0;
    for (std::size_t i = 0; i < qs.size(); ++i)
        for (std::size_t j = i + 1; j-- > 0;) {
            double up = p[j] * (1 - qs[i]);
            p[j] *= qs[i];
            p[j + 1] += up;
        }
    double fail = 0.0;
    for (uint32_t j = 0; j < k && j < p.size(); ++j) fail += p[j];
    return fail;
}

struct Evaluator {
    const Rbd& rbd;
    const std::vector<double>& q;
    const std::vector<double>& markov_q;

    double block(uint32_t b) const {
        const RbdBlock& blk = rbd.blocks()[b];
        if (is_markov(blk)) {
            if (b >= markov_q.size())
                throw std::invalid_argument(
                    fmt::format("block {} needs its Markov-chain probability", b));
            return markov_q[b];
        }
        switch (blk.type) {
            case BlockType::component: return q[blk.component];
            case BlockType::series: {
                double r = 1.0;
                for (uint32_t c : blk.children) r *= 1 - block(c);
                return 1 - r;
            }
            case BlockType::parallel: {
                double f = 1.0;
                for (uint32_t c : blk.children) f *= block(c);
                return f;
            }
            case BlockType::k_of_n: {
                std::vector<double> qs;
                for (uint32_t c : blk.children) qs.push_back(block(c));
                return k_of_n_failure(blk.k, qs);
            }
            case BlockType::standby: break;
        }
        return 0.0;
    }
};

void count_uses(const Rbd& rbd, uint32_t b, std::vector<int>& uses) {
    const RbdBlock& blk = rbd.blocks()[b];
    if (is_markov(blk)) return;
    if (blk.type == BlockType::component) {
        ++uses[blk.component];
        return;
    }
    for (uint32_t c : blk.children) count_uses(rbd, c, uses);
}

// Exact top probability: pivotal decomposition over components used more than once.
double top_probability(const Rbd& rbd, std::vector<double> q, const std::vector<double>& mq) {
    std::vector<int> uses(rbd.components().size(), 0);
    count_uses(rbd, rbd.top(), uses);
    std::vector<uint32_t> repeated;
    for (uint32_t i = 0; i < uses.size(); ++i)
        if (uses[i] > 1 && q[i] > 0 && q[i] < 1) repeated.push_back(i);
    if (repeated.size() > 20)
        throw std::invalid_argument("more than 20 repeated components in one diagram");
    std::vector<double> q0(repeated.size());
    for (std::size_t j = 0; j < repeated.size(); ++j) q0[j] = q[repeated[j]];
    double total = 0.0;
    for (uint64_t mask = 0; mask < (uint64_t{1} << repeated.size()); ++mask) {
        double w = 1.0;
        for (std::size_t j = 0; j < repeated.size(); ++j) {
            bool failed = (mask >> j) & 1;
            q[repeated[j]] = failed ? 1.0 : 0.0;
            w *= failed ? q0[j] : 1 - q0[j];
        }
        total += w * Evaluator{rbd, q, mq}.block(rbd.top());
    }
    return total;
}

// Boolean structure function for the simulator.
bool block_up(const Rbd& rbd, uint32_t b, const std::vector<char>& up) {
    const RbdBlock& blk = rbd.blocks()[b];
    switch (blk.type) {
        case BlockType::component: return up[blk.component];
        case BlockType::series:
            for (uint32_t c : blk.children)
                if (!block_up(rbd, c, up)) return false;
            return true;
        case BlockType::parallel:
            for (uint32_t c : blk.children)
                if (block_up(rbd, c, up)) return true;
            return false;
        case BlockType::k_of_n:
        case BlockType::standby: {
            uint32_t n_up = 0;
            for (uint32_t c : blk.children) n_up += block_up(rbd, c, up) ? 1 : 0;
            return n_up >= blk.k;
        }
    }
    return false;
}

double mean_rate(const Rbd& rbd, const RbdBlock& blk, double RbdComponent::*field) {
    double s = 0.0;
    for (uint32_t c : blk.children) s += rbd.components()[rbd.blocks()[c].component].*field;
    return s / static_cast<double>(blk.children.size());
}

RedundancyChain chain_of(const Rbd& rbd, const RbdBlock& blk) {
    RedundancyChain ch;
    ch.n = static_cast<uint32_t>(blk.children.size());
    ch.k = blk.type == BlockType::parallel ? 1 : blk.k;
    ch.failure_rate_per_s = mean_rate(rbd, blk, &RbdComponent::failure_rate_per_s);
    ch.mttr_s = mean_rate(rbd, blk, &RbdComponent::mttr_s);
    ch.standby = blk.type == BlockType::standby;
    ch.dormant_factor = blk.dormant_factor;
    ch.crews = blk.crews;
    return ch;
}

double standby_reliability(const Rbd& rbd, const RbdBlock& blk, double t) {
    std::vector<double> rates;
    for (uint32_t c : blk.children)
        rates.push_back(rbd.components()[rbd.blocks()[c].component].failure_rate_per_s);
    bool equal = std::all_of(rates.begin(), rates.end(), [&](double r) {
        return std::abs(r - rates[0]) <= 1e-12 * std::abs(rates[0]);
    });
    if (equal) {
        // Failures arrive at k*lambda; the block survives while at most n-k have occurred
        // (Poisson sum; Erlang for k = 1; Rausand & Hoyland eq. 6.40).
        double m = blk.k * rates[0] * t, term = std::exp(-m), sum = 0.0;
        for (std::size_t i = 0; i + blk.k <= rates.size(); ++i) {
            sum += term;
            term *= m / static_cast<double>(i + 1);
        }
        return sum;
    }
    if (blk.k != 1)
        throw std::invalid_argument("a standby block with k > 1 needs equal failure rates");
    // Hypoexponential survival: sum_i prod_{j != i} l_j / (l_j - l_i) * exp(-l_i t).
    double r = 0.0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
        double w = 1.0;
        for (std::size_t j = 0; j < rates.size(); ++j)
            if (j != i) w *= rates[j] / (rates[j] - rates[i]);
        r += w * std::exp(-rates[i] * t);
    }
    return r;
}

double life(const Rbd& rbd, uint32_t b, const std::vector<double>& t) {
    const RbdBlock& blk = rbd.blocks()[b];
    std::vector<double> lt;
    if (blk.type == BlockType::component) return t[blk.component];
    for (uint32_t c : blk.children) lt.push_back(life(rbd, c, t));
    switch (blk.type) {
        case BlockType::series: return *std::min_element(lt.begin(), lt.end());
        case BlockType::parallel: return *std::max_element(lt.begin(), lt.end());
        case BlockType::k_of_n:
            std::sort(lt.begin(), lt.end(), std::greater<>());
            return lt[blk.k - 1];
        case BlockType::standby: {
            double s = 0.0;
            for (double x : lt) s += x;
            return s;
        }
        case BlockType::component: break;
    }
    return 0.0;
}

struct MeanCi {
    double mean = 0.0, half = 0.0;
};
MeanCi mean_ci(const std::vector<double>& xs) {
    MeanCi r;
    if (xs.empty()) return r;
    for (double x : xs) r.mean += x;
    r.mean /= static_cast<double>(xs.size());
    if (xs.size() < 2) return r;
    double v = 0.0;
    for (double x : xs) v += (x - r.mean) * (x - r.mean);
    v /= static_cast<double>(xs.size() - 1);
    r.half = 1.96 * std::sqrt(v / static_cast<double>(xs.size()));
    return r;
}
}  // namespace

double RbdComponent::unavailability() const {
    double x = failure_rate_per_s * mttr_s;
    return x / (1 + x);
}

uint32_t Rbd::add_component(RbdComponent c) {
    components_.push_back(std::move(c));
    return static_cast<uint32_t>(components_.size() - 1);
}

uint32_t Rbd::leaf(uint32_t component) {
    RbdBlock b;
    b.type = BlockType::component;
    b.component = component;
    b.name = component < components_.size() ? components_[component].name : "";
    blocks_.push_back(std::move(b));
    top_ = static_cast<uint32_t>(blocks_.size() - 1);
    return top_;
}

static uint32_t push_block(std::vector<RbdBlock>& blocks, RbdBlock b, uint32_t& top) {
    blocks.push_back(std::move(b));
    top = static_cast<uint32_t>(blocks.size() - 1);
    return top;
}

uint32_t Rbd::series(std::vector<uint32_t> blocks, std::string name) {
    return push_block(blocks_, {BlockType::series, std::move(name), std::move(blocks)}, top_);
}
uint32_t Rbd::parallel(std::vector<uint32_t> blocks, std::string name) {
    return push_block(blocks_, {BlockType::parallel, std::move(name), std::move(blocks)}, top_);
}
uint32_t Rbd::k_of_n(uint32_t k, std::vector<uint32_t> blocks, std::string name) {
    return push_block(blocks_, {BlockType::k_of_n, std::move(name), std::move(blocks), 0, k},
                      top_);
}
uint32_t Rbd::standby(std::vector<uint32_t> blocks, uint32_t k, double dormant_factor,
                      uint32_t crews, std::string name) {
    return push_block(blocks_,
                      {BlockType::standby, std::move(name), std::move(blocks), 0, k,
                       dormant_factor, crews},
                      top_);
}

std::string Rbd::check() const {
    if (blocks_.empty()) return "the diagram has no blocks";
    if (top_ >= blocks_.size()) return "the top block does not exist";
    for (std::size_t i = 0; i < components_.size(); ++i) {
        const RbdComponent& c = components_[i];
        if (!(c.failure_rate_per_s >= 0) || !std::isfinite(c.failure_rate_per_s))
            return fmt::format("component '{}': the failure rate must be >= 0", c.name);
        if (!(c.mttr_s >= 0) || !std::isfinite(c.mttr_s))
            return fmt::format("component '{}': the repair time must be >= 0", c.name);
    }
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
        const RbdBlock& b = blocks_[i];
        std::string label = b.name.empty() ? fmt::format("block {}", i) : "block '" + b.name + "'";
        if (b.type == BlockType::component) {
            if (b.component >= components_.size())
                return label + ": refers to a missing component";
            continue;
        }
        if (b.children.empty()) return label + ": has no children";
        for (uint32_t c : b.children)
            if (c >= i) return label + ": children must be defined before their block";
        if ((b.type == BlockType::k_of_n || b.type == BlockType::standby) &&
            (b.k < 1 || b.k > b.children.size()))
            return label + fmt::format(": k = {} is not in 1..{}", b.k, b.children.size());
        if (is_markov(b))
            for (uint32_t c : b.children)
                if (blocks_[c].type != BlockType::component)
                    return label + ": a standby or crew-limited block needs component children";
        if (b.dormant_factor < 0 || b.dormant_factor > 1)
            return label + ": the dormant factor must be in [0, 1]";
    }
    return "";
}

double failure_probability(const Rbd& rbd, const std::vector<double>& q,
                           const std::vector<double>& standby_q) {
    if (std::string e = rbd.check(); !e.empty()) throw std::invalid_argument(e);
    if (q.size() != rbd.components().size())
        throw std::invalid_argument("one probability per component is needed");
    return top_probability(rbd, q, standby_q);
}

std::vector<Importance> importance(const Rbd& rbd, const std::vector<double>& q,
                                   const std::vector<double>& standby_q) {
    double top = failure_probability(rbd, q, standby_q);
    std::vector<Importance> out;
    for (std::size_t i = 0; i < q.size(); ++i) {
        std::vector<double> q1 = q, q0 = q;
        q1[i] = 1.0;
        q0[i] = 0.0;
        double p1 = top_probability(rbd, q1, standby_q);
        double p0 = top_probability(rbd, q0, standby_q);
        Importance im;
        im.name = rbd.components()[i].name;
        im.probability = q[i];
        im.birnbaum = p1 - p0;
        im.criticality = top > 0 ? im.birnbaum * q[i] / top : 0.0;
        im.diagnostic = top > 0 ? q[i] * p1 / top : 0.0;
        im.raw = top > 0 ? p1 / top : 0.0;
        im.rrw = p0 > 0 ? top / p0 : kInf;
        out.push_back(std::move(im));
    }
    return out;
}

double reliability(const Rbd& rbd, double t_s) {
    if (std::string e = rbd.check(); !e.empty()) throw std::invalid_argument(e);
    std::vector<double> q;
    for (const RbdComponent& c : rbd.components()) q.push_back(-std::expm1(-c.failure_rate_per_s * t_s));
    std::vector<double> sq(rbd.blocks().size(), 0.0);
    for (std::size_t b = 0; b < rbd.blocks().size(); ++b) {
        const RbdBlock& blk = rbd.blocks()[b];
        if (blk.type == BlockType::standby) {
            if (blk.dormant_factor != 0)
                throw std::invalid_argument("reliability() supports cold standby only");
            sq[b] = 1 - standby_reliability(rbd, blk, t_s);
        } else if (is_markov(blk)) {
            // Without repair, crews do not matter: evaluate the block by independence.
            std::vector<double> qs;
            for (uint32_t c : blk.children) qs.push_back(q[rbd.blocks()[c].component]);
            sq[b] = k_of_n_failure(blk.type == BlockType::parallel ? 1 : blk.k, qs);
        }
    }
    return 1 - top_probability(rbd, q, sq);
}

double mttf(const Rbd& rbd) {
    double total_rate = 0.0;
    for (const RbdComponent& c : rbd.components()) total_rate += c.failure_rate_per_s;
    if (!(total_rate > 0)) throw std::invalid_argument("no component can fail: MTTF is infinite");
    // Integrate R(t) with composite Simpson on intervals of growing width, starting at the
    // series MTTF 1/sum(lambda), until R(t) is negligible.
    double h = 1.0 / total_rate, t = 0.0, integral = 0.0;
    for (int k = 0; k < 200; ++k) {
        const int n = 64;
        double w = h / n, s = 0.0;
        for (int i = 0; i <= n; ++i) {
            double f = reliability(rbd, t + i * w);
            s += f * ((i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2));
        }
        integral += s * w / 3;
        t += h;
        if (reliability(rbd, t) < 1e-13) break;
        h *= 1.5;
    }
    return integral;
}

Eigen::VectorXd ctmc_steady_state(const Eigen::MatrixXd& q) {
    const Eigen::Index n = q.rows();
    Eigen::MatrixXd a = q.transpose();
    a.row(n - 1).setOnes();
    Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
    b(n - 1) = 1.0;
    return a.fullPivLu().solve(b);
}

namespace {
Eigen::MatrixXd generator(const RedundancyChain& ch) {
    const uint32_t n = ch.n;
    Eigen::MatrixXd g = Eigen::MatrixXd::Zero(n + 1, n + 1);
    for (uint32_t i = 0; i <= n; ++i) {
        uint32_t working = n - i;
        double fail = 0.0;
        if (ch.standby) {
            uint32_t active = std::min(ch.k, working);
            fail = (active + ch.dormant_factor * (working - active)) * ch.failure_rate_per_s;
        } else {
            fail = working * ch.failure_rate_per_s;
        }
        uint32_t repairing = ch.crews == 0 ? i : std::min(i, ch.crews);
        double repair = ch.mttr_s > 0 ? repairing / ch.mttr_s : 0.0;
        if (i < n) g(i, i + 1) = fail;
        if (i > 0) g(i, i - 1) = repair;
        g(i, i) = -(g.row(i).sum());
    }
    return g;
}
}  // namespace

Eigen::VectorXd state_probabilities(const RedundancyChain& chain) {
    if (chain.n < 1 || chain.k < 1 || chain.k > chain.n)
        throw std::invalid_argument("a redundancy chain needs 1 <= k <= n");
    if (!(chain.mttr_s > 0) || !(chain.failure_rate_per_s >= 0))
        throw std::invalid_argument("a redundancy chain needs lambda >= 0 and MTTR > 0");
    // Birth-death chain: product-form solution pi_i = pi_0 prod_{j<i} up_j / down_{j+1}
    // (Rausand & Hoyland sec. 8.8), in logarithms so that long chains (n ~ 1000) do not
    // overflow; equal to ctmc_steady_state(generator) (see the tests).
    const uint32_t n = chain.n;
    Eigen::VectorXd logp(n + 1);
    logp(0) = 0.0;
    for (uint32_t i = 0; i < n; ++i) {
        uint32_t working = n - i;
        double fail = chain.standby
                          ? (std::min(chain.k, working) +
                             chain.dormant_factor * (working - std::min(chain.k, working))) *
                                chain.failure_rate_per_s
                          : working * chain.failure_rate_per_s;
        uint32_t repairing = chain.crews == 0 ? i + 1 : std::min(i + 1, chain.crews);
        double repair = repairing / chain.mttr_s;
        logp(i + 1) = fail > 0 ? logp(i) + std::log(fail) - std::log(repair) : -kInf;
    }
    double mx = logp.maxCoeff();
    Eigen::VectorXd p = (logp.array() - mx).exp();
    return p / p.sum();
}

Eigen::VectorXd state_probabilities_lu(const RedundancyChain& chain) {
    return ctmc_steady_state(generator(chain));
}

double availability(const RedundancyChain& chain) {
    Eigen::VectorXd p = state_probabilities(chain);
    double a = 0.0;
    for (uint32_t i = 0; i + chain.k <= chain.n; ++i) a += p(i);
    return a;
}

double unavailability(const RedundancyChain& chain) {
    Eigen::VectorXd p = state_probabilities(chain);
    double u = 0.0;
    for (uint32_t i = chain.n - chain.k + 1; i <= chain.n; ++i) u += p(i);
    return u;
}

double mean_time_between_failures(const RedundancyChain& chain) {
    Eigen::VectorXd p = state_probabilities(chain);
    uint32_t last_up = chain.n - chain.k;
    uint32_t working = chain.k;  // in the last up state
    double fail = chain.standby ? chain.k * chain.failure_rate_per_s
                                : working * chain.failure_rate_per_s;
    double freq = p(last_up) * fail;
    return freq > 0 ? 1.0 / freq : kInf;
}

std::vector<double> markov_block_unavailability(const Rbd& rbd) {
    std::vector<double> out(rbd.blocks().size(), 0.0);
    for (std::size_t b = 0; b < rbd.blocks().size(); ++b)
        if (is_markov(rbd.blocks()[b])) out[b] = 1 - availability(chain_of(rbd, rbd.blocks()[b]));
    return out;
}

double availability(const Rbd& rbd) {
    if (std::string e = rbd.check(); !e.empty()) throw std::invalid_argument(e);
    std::vector<double> q;
    for (const RbdComponent& c : rbd.components()) q.push_back(c.unavailability());
    return 1 - top_probability(rbd, q, markov_block_unavailability(rbd));
}

std::string RbdSimOptions::check() const {
    if (!(horizon_s > 0)) return "the simulated horizon must be > 0";
    if (replications < 2) return "at least 2 replications are needed for a confidence interval";
    return "";
}

RbdSimResult simulate_availability(const Rbd& rbd, const RbdSimOptions& o) {
    if (std::string e = rbd.check(); !e.empty()) throw std::invalid_argument(e);
    if (std::string e = o.check(); !e.empty()) throw std::invalid_argument(e);
    const auto& comps = rbd.components();
    const std::size_t n = comps.size();
    // Standby membership: component -> (block, position) for cold/warm standby blocks.
    std::vector<int> standby_block(n, -1);
    for (std::size_t b = 0; b < rbd.blocks().size(); ++b)
        if (rbd.blocks()[b].type == BlockType::standby)
            for (uint32_t c : rbd.blocks()[b].children)
                standby_block[rbd.blocks()[c].component] = static_cast<int>(b);

    std::vector<double> avail, freq;
    for (uint32_t rep = 0; rep < o.replications; ++rep) {
        std::mt19937_64 rng(stream_seed(o.seed, rep));
        std::vector<char> up(n, 1), repairing(n, 0);
        std::vector<double> next_fail(n, kInf), repair_end(n, kInf), rate(n, 0.0);
        std::deque<uint32_t> queue;
        uint32_t busy = 0;
        double t = 0.0, down = 0.0;
        uint64_t failures = 0;

        auto refresh_rates = [&] {
            for (std::size_t i = 0; i < n; ++i) {
                double r = up[i] ? comps[i].failure_rate_per_s : 0.0;
                if (up[i] && standby_block[i] >= 0) {
                    const RbdBlock& blk = rbd.blocks()[standby_block[i]];
                    uint32_t rank = 0;  // working units before this one in the block
                    for (uint32_t c : blk.children) {
                        uint32_t ci = rbd.blocks()[c].component;
                        if (ci == i) break;
                        rank += up[ci] ? 1 : 0;
                    }
                    if (rank >= blk.k) r *= blk.dormant_factor;
                }
                if (r != rate[i] || (up[i] && next_fail[i] == kInf && r > 0)) {
                    rate[i] = r;
                    // Exponential lifetimes are memoryless: resampling on a rate change is exact.
                    next_fail[i] = r > 0 ? t + exponential_sample(rng, r) : kInf;
                }
            }
        };
        auto start_repair = [&](uint32_t i) {
            repairing[i] = 1;
            ++busy;
            double mean = comps[i].mttr_s;
            repair_end[i] = t + (mean > 0 ? exponential_sample(rng, 1.0 / mean) : 0.0);
        };
        refresh_rates();
        bool sys_up = block_up(rbd, rbd.top(), up);
        while (t < o.horizon_s) {
            double tn = kInf;
            std::size_t who = 0;
            bool is_fail = false;
            for (std::size_t i = 0; i < n; ++i) {
                if (next_fail[i] < tn) tn = next_fail[i], who = i, is_fail = true;
                if (repair_end[i] < tn) tn = repair_end[i], who = i, is_fail = false;
            }
            double t_end = std::min(tn, o.horizon_s);
            if (!sys_up) down += t_end - t;
            t = t_end;
            if (tn >= o.horizon_s) break;
            if (is_fail) {
                up[who] = 0;
                next_fail[who] = kInf;
                rate[who] = 0.0;
                if (o.crews == 0 || busy < o.crews)
                    start_repair(static_cast<uint32_t>(who));
                else
                    queue.push_back(static_cast<uint32_t>(who));
            } else {
                up[who] = 1;
                repairing[who] = 0;
                repair_end[who] = kInf;
                --busy;
                if (!queue.empty()) {
                    uint32_t nx = queue.front();
                    queue.pop_front();
                    start_repair(nx);
                }
            }
            refresh_rates();
            bool now_up = block_up(rbd, rbd.top(), up);
            if (sys_up && !now_up) ++failures;
            sys_up = now_up;
        }
        avail.push_back(1 - down / o.horizon_s);
        freq.push_back(static_cast<double>(failures) / o.horizon_s);
    }
    MeanCi a = mean_ci(avail), f = mean_ci(freq);
    return {a.mean, a.half, f.mean};
}

RbdLifeResult simulate_reliability(const Rbd& rbd, double t_s, uint32_t samples, uint64_t seed) {
    if (std::string e = rbd.check(); !e.empty()) throw std::invalid_argument(e);
    if (samples < 2) throw std::invalid_argument("at least 2 samples are needed");
    for (const RbdBlock& b : rbd.blocks())
        if (b.type == BlockType::standby && (b.k != 1 || b.dormant_factor != 0))
            throw std::invalid_argument("simulated standby blocks must be cold with k = 1");
    std::mt19937_64 rng(stream_seed(seed, 0));
    std::vector<double> lifetimes(rbd.components().size());
    std::vector<double> survive, life_s;
    survive.reserve(samples);
    life_s.reserve(samples);
    for (uint32_t s = 0; s < samples; ++s) {
        for (std::size_t i = 0; i < lifetimes.size(); ++i) {
            double r = rbd.components()[i].failure_rate_per_s;
            lifetimes[i] = r > 0 ? exponential_sample(rng, r) : kInf;
        }
        double l = life(rbd, rbd.top(), lifetimes);
        survive.push_back(l > t_s ? 1.0 : 0.0);
        life_s.push_back(l);
    }
    MeanCi r = mean_ci(survive), m = mean_ci(life_s);
    return {r.mean, r.half, m.mean, m.half};
}

}  // namespace racklink::graphs
