#pragma once
/// The IEEE 802.3 COM reference's `Enforce Causality` options (read_ParamConfigFile names and
/// defaults; used by s21_to_impulse_DC for every impulse response of COM and of ERL's TDR).

#include "sigint/com_config.hpp"

namespace racklink::sigint {

/// Alternating projections (Quatieri & Oppenheim, IEEE Trans. ASSP-29(6), 1981): zero before the
/// pulse start and after half the record, magnitude re-imposed, repeated. Off (the reference's
/// default): the loop is not run and no correction figure is reported.
struct ComCausality {
    bool enforce = false;     ///< `Enforce Causality` (0/1)
    double rel_tol = 1e-2;    ///< `Enforce Causality REL_TOL`: stop at max|ir - ir'| / max(ir) below it
    double diff_tol = 1e-3;   ///< `Enforce Causality DIFF_TOL`: ... or when it changes by less
    double pulse_tol = 0.01;  ///< `Enforce Causality pulse start tolerance` (x the first half's peak)
};

/// Reads the four entries with their reference defaults; throws std::invalid_argument naming a
/// bad entry (`source:line: parameter ...`).
ComCausality resolve_com_causality(const ComConfig& cfg);

}  // namespace racklink::sigint
