// DFE error propagation and error-burst probability of COM (IEEE 802.3 COM reference
// com_ieee8023_93a v4.30 to v4.50, Burst_Probability_Calc; "not officially used" there, a
// diagnostic for FEC: how likely one decision error drags the DFE into a burst).
#include <algorithm>
#include <cmath>
#include <functional>

#include "com_detail.hpp"

namespace racklink::sigint::com_detail {

namespace {
// sum(pdf.y(find(pdf.x >= t, 1, 'first'):end)), or the reference's floor 1e-20 when no bin
// reaches t
double upper_tail(const Pdf& pd, double t) {
    for (std::size_t k = 0; k < pd.y.size(); ++k)
        if (pd.x(k) >= t) {
            double s = 0;
            for (std::size_t j = k; j < pd.y.size(); ++j) s += pd.y[j];
            return s;
        }
    return 1e-20;
}
}  // namespace

void burst_probabilities(const Pdf& total, double a_s, const RVec& dfe_taps, int levels, double bin,
                         double pass_threshold_db, double margin_db, int n_burst, bool simple, RVec& p_error_propagation,
                         RVec& p_burst) {
    // An error is assumed when the noise exceeds the signal reduced by the COM pass threshold
    // less the margin (a positive margin lowers the uncorrelated error probability).
    const double threshold = a_s / std::pow(10.0, (pass_threshold_db - margin_db) / 20);
    p_error_propagation.assign(1, upper_tail(total, threshold));
    RVec sorted(dfe_taps.size());
    std::transform(dfe_taps.begin(), dfe_taps.end(), sorted.begin(), [](double t) { return std::fabs(t); });
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    // After a burst of k errors the k most recent DFE taps mis-correct: each adds a PAM-L term of
    // twice its voltage (a decision error spans two levels) to the noise.
    // The simple model widens the first PDF by the largest tap alone, the same for every length.
    const int n = std::min(static_cast<int>(dfe_taps.size()), n_burst);
    Pdf widened = total;
    for (int k = 2; k <= n; ++k) {
        if (simple && k > 2) {
            p_error_propagation.push_back(p_error_propagation.back());
            continue;
        }
        widened = conv(widened, pdf_from_samples({2 * a_s * sorted[static_cast<std::size_t>(k - 2)]}, levels, bin));
        p_error_propagation.push_back(upper_tail(widened, threshold));
    }
    p_burst.resize(p_error_propagation.size());
    double prod = 1;
    for (std::size_t k = 0; k < p_burst.size(); ++k) p_burst[k] = prod *= p_error_propagation[k];
}

}  // namespace racklink::sigint::com_detail
