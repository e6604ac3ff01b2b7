#pragma once
/// Structure analyses of a system model: element counts, links, lanes, differential pairs,
/// cables and fibers, per-GPU and aggregate bandwidth, bisection bandwidth (max-flow / min-cut),
/// hop diameter, edge connectivity, connected components, and the same figures with named
/// elements failed (failure what-ifs). See docs/model.md for every definition and its source.
///
/// Units: bandwidth in bytes per second (B/s), lengths in m, masses in kg (SI inside; the text
/// rendering prints TB/s, m/km, kg).

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graphs/model.hpp"

namespace racklink::graphs {

/// Options of `analyze_structure`.
struct StructureOptions {
    /// Elements to fail: an exact instance path ("rack[0].nvsw[3]") fails that element and
    /// everything inside it (Element::parent chain); a prefix path ending at a name or an index
    /// ("rack[0].nvsw" fails every "rack[0].nvsw[i]") fails every element whose name continues
    /// it with "." or "[". A link fails when an endpoint fails or one of its segments crosses a
    /// failed element (Segment::element).
    std::vector<std::string> fail;
    /// The fabric whose links carry the bandwidth, bisection, diameter and connectivity figures.
    Fabric fabric = Fabric::scale_up;
    /// The endpoints whose bandwidth, bisection, diameter and connectivity are measured: GPUs
    /// for the scale-up fabric; `nic` makes `--fabric scale_out` meaningful. The result and JSON
    /// keep the GPU names ("gpus", "gpu_bandwidth_Bps") for whatever endpoint kind is chosen.
    Kind endpoint = Kind::gpu;
    /// Also bisect the GPUs interleaved (even / odd index) and report the smaller of the two.
    bool interleaved_bisection = true;
    /// Compute the hop diameter (one BFS per GPU within its component).
    bool diameter = true;
    /// Compute the edge connectivity (Stoer-Wagner per component, max-flow fallback).
    bool connectivity = true;
    /// Empty when valid, otherwise what is wrong (e.g. an empty failure name).
    std::string validate() const;
};

enum class StructureStatus : uint8_t {
    ok,     ///< every figure computed
    error,  ///< options invalid or a failure name matched nothing; see `message`
};
std::string_view to_string(StructureStatus s);

/// Number of `Kind` values (for per-kind count arrays indexed by `static_cast<int>(Kind)`).
inline constexpr std::size_t kKindCount = static_cast<std::size_t>(Kind::other) + 1;

/// Figures of the selected fabric in one state of the system (intact, or with failures).
struct FabricFigures {
    int64_t gpus = 0;   ///< GPUs in this state (failed GPUs excluded)
    int64_t links = 0;  ///< working links of the fabric
    /// GPUs with a working path to at least one other GPU through the fabric.
    int64_t gpus_reachable = 0;
    /// Per-GPU bandwidth, both directions: sum over its links of lanes x lane_rate x 2 / 8.
    double gpu_bandwidth_min_Bps = 0.0;
    double gpu_bandwidth_mean_Bps = 0.0;
    double gpu_bandwidth_max_Bps = 0.0;
    double aggregate_bandwidth_Bps = 0.0;  ///< sum over GPUs of the per-GPU bandwidth
    /// Bisection bandwidth per direction: min over the tried splits of the max flow from half A
    /// to half B of the GPUs (natural index order, and interleaved when enabled).
    double bisection_bandwidth_Bps = 0.0;
    double bisection_natural_Bps = 0.0;       ///< first half of the GPUs (index order) vs second
    double bisection_interleaved_Bps = -1.0;  ///< even vs odd GPU index (-1 when not computed)
    /// Smallest natural-order bisection within one component (scale-up domain) holding >= 2
    /// GPUs; equals `bisection_bandwidth_Bps` for a single-domain system. 0 when none.
    double domain_bisection_bandwidth_Bps = 0.0;
    /// Largest GPU-to-GPU hop count within a component (GPU-switch-GPU = 2); -1 when fewer than
    /// two connected GPUs or not computed.
    int32_t diameter_hops = -1;
    /// Edge connectivity: min over components with >= 2 GPUs of the fewest links whose removal
    /// disconnects two GPUs of the component; -1 when no such component or not computed.
    int32_t edge_connectivity = -1;
    int32_t components = 0;  ///< connected components of the fabric holding >= 1 GPU
    int32_t largest_component_gpus = 0;
    int32_t smallest_component_gpus = 0;
};

/// Result of `analyze_structure`. Counts of links, lanes, pairs, cables and fibers are over the
/// links of the selected fabric, intact system.
struct StructureResult {
    StructureStatus status = StructureStatus::ok;
    std::string message;
    std::string fabric;                        ///< to_string(options.fabric)
    std::string endpoint = "gpu";              ///< to_string(options.endpoint)
    std::array<int64_t, kKindCount> counts{};  ///< elements by Kind
    std::array<int64_t, 3> links_by_fabric{};  ///< every link, indexed by Fabric
    int64_t links = 0;                         ///< links of the fabric
    int64_t lanes = 0;                         ///< lanes per direction, summed over links
    int64_t differential_pairs = 0;            ///< lanes x 2 directions, summed over links
    /// Copper cable pairs: per twinax / active_copper segment, count x lanes x 2 directions
    /// (one twinax pair per lane per direction).
    int64_t cables = 0;
    double cable_length_m = 0.0;  ///< sum of segment length x count x lanes x 2
    double cable_mass_kg = 0.0;   ///< mass_per_length x length (0 when the param is absent)
    int64_t fibers = 0;           ///< fiber segments: count x lanes x 2
    double fiber_length_m = 0.0;
    FabricFigures intact;  ///< the system as described
    /// Failure what-if (only when options.fail is not empty).
    bool has_failure = false;
    std::vector<std::string> failed;  ///< the names asked for
    int64_t failed_elements = 0;      ///< elements failed, including contained ones
    int64_t failed_links = 0;         ///< fabric links lost
    FabricFigures degraded;           ///< figures with the failures applied
};

/// Structure figures of `model` (see StructureResult). Never throws for bad options or unknown
/// failure names: the result then has status error and a message with "did you mean" names.
StructureResult analyze_structure(const Model& model, const StructureOptions& options);

/// JSON of a result. Keys: gpus, switch_chips, links, lanes, differential_pairs, cables,
/// cable_length_m, cable_mass_kg, fibers, fiber_length_m, gpu_bandwidth_Bps (mean per GPU), gpu_bandwidth_min_Bps, gpu_bandwidth_max_Bps
/// (per GPU, both directions), aggregate_bandwidth_Bps, bisection_bandwidth_Bps (per direction),
/// bisection_natural_Bps, bisection_interleaved_Bps, domain_bisection_bandwidth_Bps,
/// diameter_hops, edge_connectivity, components, gpus_reachable, counts {kind: n},
/// links_by_fabric {fabric: n}, fabric, endpoint, status, message, and when failures were asked:
/// failure {failed, failed_elements, failed_links, and the figure keys above for the degraded
/// system}.
nlohmann::json to_json(const StructureResult& result);

/// Human-readable rendering, units on every number (TB/s, GB/s, m or km, kg).
std::string render_structure_text(const Model& model, const StructureResult& result);

/// The `n` element names nearest to `name` by Levenshtein edit distance (ties in index order).
std::vector<std::string> nearest_element_names(const Model& model, std::string_view name,
                                               std::size_t n = 3);

}  // namespace racklink::graphs
