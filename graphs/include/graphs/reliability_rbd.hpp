#pragma once
/// Reliability block diagrams (series, parallel, k-of-n, standby) of repairable components:
/// closed-form reliability and steady-state availability, continuous-time Markov models with
/// repair for k-of-n and standby redundancy, importance measures, and a Monte Carlo simulator
/// used to cross-check the closed forms.
///
/// References: Rausand & Hoyland, "System Reliability Theory", 2nd ed., Wiley 2004 (RBD,
/// structure functions ch. 4, Markov models ch. 8, importance measures ch. 5); Birnbaum,
/// "On the importance of different components in a multicomponent system", 1969.
/// Units: seconds, failures per second.

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace racklink::graphs {

/// A component with a constant failure rate and a mean time to repair.
struct RbdComponent {
    std::string name;
    double failure_rate_per_s = 0.0;  ///< lambda (1/s)
    double mttr_s = 0.0;              ///< mean time to repair (s); exponential in Markov models
    /// Steady-state unavailability of the component alone: lambda*MTTR / (1 + lambda*MTTR).
    double unavailability() const;
};

enum class BlockType : uint8_t { component, series, parallel, k_of_n, standby };

/// One block of a diagram. `k` is the number of children that must work (k_of_n), or the number
/// of active units needed (standby; the others wait as standby units).
struct RbdBlock {
    BlockType type = BlockType::component;
    std::string name;
    std::vector<uint32_t> children;  ///< block indices
    uint32_t component = 0;          ///< component index (type == component)
    uint32_t k = 1;
    /// Standby: failure rate of a waiting unit as a fraction of its active rate (0 = cold).
    double dormant_factor = 0.0;
    /// Repair crews shared by the block's units in Markov models (0 = one per unit).
    uint32_t crews = 0;
};

/// A diagram: components, blocks over them, and the top block. A component may appear in
/// several blocks (a repeated event); evaluations condition on such components exactly.
class Rbd {
public:
    uint32_t add_component(RbdComponent c);
    /// A block that is just one component.
    uint32_t leaf(uint32_t component);
    uint32_t series(std::vector<uint32_t> blocks, std::string name = {});
    uint32_t parallel(std::vector<uint32_t> blocks, std::string name = {});
    uint32_t k_of_n(uint32_t k, std::vector<uint32_t> blocks, std::string name = {});
    /// `k` active units out of `blocks` (leaves of components), the rest in standby with
    /// perfect switching; `dormant_factor` 0 = cold standby; `crews` 0 = one crew per unit.
    uint32_t standby(std::vector<uint32_t> blocks, uint32_t k = 1, double dormant_factor = 0.0,
                     uint32_t crews = 0, std::string name = {});
    void set_top(uint32_t block) { top_ = block; }
    /// Sets the repair crews of a k-of-n, parallel or standby block (0 = one per unit): the
    /// block's availability then comes from its Markov model.
    void set_crews(uint32_t block, uint32_t crews) { blocks_.at(block).crews = crews; }

    const std::vector<RbdComponent>& components() const { return components_; }
    const std::vector<RbdBlock>& blocks() const { return blocks_; }
    uint32_t top() const { return top_; }
    /// Empty when the diagram is well formed, else what is wrong and which block.
    std::string check() const;

private:
    std::vector<RbdComponent> components_;
    std::vector<RbdBlock> blocks_;
    uint32_t top_ = 0;
};

/// Probability that the top block has failed, given each component's failure probability
/// `q[i]` and treating standby blocks with `standby_q` (block index -> probability; blocks that
/// are not standby ignore it). Exact for repeated components (pivotal decomposition over them,
/// Rausand & Hoyland sec. 4.6). Throws std::invalid_argument for a malformed diagram.
double failure_probability(const Rbd& rbd, const std::vector<double>& q,
                           const std::vector<double>& standby_q = {});

/// Importance of one component for the top event probability Q (Rausand & Hoyland ch. 5; the
/// same definitions as SCRAM's MIF, CIF, DIF, RAW, RRW).
struct Importance {
    std::string name;
    double probability = 0.0;  ///< q_i
    double birnbaum = 0.0;     ///< dQ/dq_i = Q(q_i=1) - Q(q_i=0)
    double criticality = 0.0;  ///< birnbaum * q_i / Q
    double diagnostic = 0.0;   ///< q_i * Q(q_i=1) / Q (Fussell-Vesely diagnostic importance)
    double raw = 0.0;          ///< risk achievement worth Q(q_i=1) / Q
    double rrw = 0.0;          ///< risk reduction worth Q / Q(q_i=0)
};
std::vector<Importance> importance(const Rbd& rbd, const std::vector<double>& q,
                                   const std::vector<double>& standby_q = {});

/// Reliability (probability of no system failure in [0, t], no repair) with exponential
/// lifetimes. Standby blocks (k = 1, cold, perfect switching, children components): Erlang when
/// the children's rates are equal, hypoexponential when distinct (Rausand & Hoyland sec. 6.4).
double reliability(const Rbd& rbd, double t_s);

/// Mean time to first system failure without repair, by integrating reliability(t) (s).
double mttf(const Rbd& rbd);

/// Steady-state probabilities of a continuous-time Markov chain with generator `q` (rows sum
/// to zero): solves pi Q = 0, sum(pi) = 1 (Rausand & Hoyland sec. 8.5).
Eigen::VectorXd ctmc_steady_state(const Eigen::MatrixXd& q);

/// A block of n identical repairable units that needs `k` working: `standby` false = all working
/// units active (k-of-n), true = k active and the rest waiting with `dormant_factor` * lambda;
/// `crews` repair crews (0 = one per unit). Birth-death Markov chain over the number failed.
struct RedundancyChain {
    uint32_t n = 2;
    uint32_t k = 1;
    double failure_rate_per_s = 0.0;
    double mttr_s = 0.0;
    bool standby = false;
    double dormant_factor = 0.0;
    uint32_t crews = 0;
};
/// Steady-state availability of the block (probability at least k units work).
double availability(const RedundancyChain& chain);
/// 1 - availability, summed over the down states (no cancellation for tiny values).
double unavailability(const RedundancyChain& chain);
/// Steady-state probability that exactly i units are failed, i = 0..n (product form).
Eigen::VectorXd state_probabilities(const RedundancyChain& chain);
/// The same by solving the generator with Eigen (LU), O(n^3): a cross-check for tests.
Eigen::VectorXd state_probabilities_lu(const RedundancyChain& chain);
/// Mean time between block failures in steady state (s): 1 / frequency of the transition from
/// the last up state to the first down state.
double mean_time_between_failures(const RedundancyChain& chain);

/// Steady-state availability of the diagram: components independent with their own repair
/// (unavailability lambda*MTTR/(1+lambda*MTTR)), standby blocks and blocks with limited crews
/// from their Markov chain (children must then be components; rates averaged over them).
double availability(const Rbd& rbd);
/// Steady-state failure probability of every block that availability() evaluates by its Markov
/// chain (index = block; others 0). Pass it as `standby_q` to failure_probability / importance.
std::vector<double> markov_block_unavailability(const Rbd& rbd);

/// Monte Carlo of the diagram with repair: each component alternates exponential up times and
/// exponential repairs, repairs wait for a crew (FIFO) when `crews` > 0, standby units wait cold
/// (standby blocks with dormant_factor 0). Replications give a confidence interval.
struct RbdSimOptions {
    double horizon_s = 1e8;
    uint32_t replications = 40;
    uint64_t seed = 1;
    uint32_t crews = 0;  ///< repair crews shared by all components (0 = unlimited)
    std::string check() const;
};
struct RbdSimResult {
    double availability = 0.0;
    double ci95_half_width = 0.0;  ///< 1.96 * standard error over replications
    double failures_per_s = 0.0;   ///< system failure frequency
};
RbdSimResult simulate_availability(const Rbd& rbd, const RbdSimOptions& options);

/// Monte Carlo of reliability at t (no repair): system lifetime from component lifetimes
/// (series: min, parallel: max, k-of-n: k-th largest, cold standby k = 1: sum).
struct RbdLifeResult {
    double reliability = 0.0;
    double ci95_half_width = 0.0;
    double mttf_s = 0.0;
    double mttf_ci95_half_width_s = 0.0;
};
RbdLifeResult simulate_reliability(const Rbd& rbd, double t_s, uint32_t samples, uint64_t seed);

}  // namespace racklink::graphs
