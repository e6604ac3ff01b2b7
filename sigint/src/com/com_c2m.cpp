// Chip-to-module (C2M) eye of IEEE Std 802.3ck Annex 120G (VEC, eye height/VEO over a window
// T_s +/- T_O), computed as the IEEE COM reference code com_ieee8023_93a (v4.20/4.30) does in
// its functions COM_eye_width, get_pdf_full, cdf_to_ber_contour, combine_pdf_same_voltage_axis,
// pdf_to_cdf, find_eye_width and vref_intersect. Comments give the reference's 1-based formulas.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "com_detail.hpp"

namespace racklink::sigint::com_detail {

namespace {

constexpr double kEps = 2.220446049250313e-16;

// Number of elements of the MATLAB/Octave range 0:inc:limit (Octave's tolerant floor, 3 eps).
long range_count(double limit, double inc) {
    const double tmp = (limit + inc) / inc;
    const double ct = 3.0 * kEps;
    const double q = std::floor(tmp + ct * std::max(1.0, std::fabs(tmp)));
    return q > 0 ? static_cast<long>(q) : 0;
}

// conv_fct_MeanNotZero with a fractional first operand minimum (get_pdf_full + level shift):
// the reference rounds Min = round(p1.Min + p2.Min).
long round_half_away(double x) { return static_cast<long>(std::round(x)); }

}  // namespace

int c2m_center_of_ui(int samples) {
    // get_center_of_UI: the sample of 0:1/N:1-1/N closest to 0.5 (first of equals), 1-based.
    int best = 1;
    double bd = INFINITY;
    for (int k = 0; k < samples; ++k) {
        const double d = std::fabs(static_cast<double>(k) / samples - 0.5);
        if (d < bd) {
            bd = d;
            best = k + 1;
        }
    }
    return best;
}

RVec c2m_window_weights(const std::string& window, int t_o, double ql) {
    // COM_eye_width histogram window over -T_O..T_O samples (OP.Histogram_Window_Weight).
    std::string w;
    for (char c : window) w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const int n = 2 * t_o + 1;
    RVec out(static_cast<std::size_t>(n), 1.0);
    if (w == "gaussian" || w == "norm" || w == "normal" || w == "guassian") {
        const double s = t_o / ql;  // QL_sigma = T_O / QL
        for (int k = -t_o; k <= t_o; ++k) out[k + t_o] = std::exp(-0.5 * std::pow(k / s, 2));
    } else if (w == "triangle") {
        const double slope = 1.0 / t_o;  // [0:t_slope:1 1-t_slope:-t_slope:0]
        for (int k = 0; k <= t_o; ++k) out[k] = k * slope;
        for (int k = 1; k <= t_o; ++k) out[t_o + k] = (1 - slope) - (k - 1) * slope;
        out[t_o] = 1;
    } else if (w == "rectangle") {
    } else if (w == "dual_rayleigh") {
        const double s = t_o / ql;
        double mx = -INFINITY;
        for (int k = -t_o; k <= t_o; ++k) {
            const double a = k + t_o, b = k - t_o;
            out[k + t_o] = a / (s * s) * std::exp(-0.5 * std::pow(a / s, 2)) - b / (s * s) * std::exp(-0.5 * std::pow(b / s, 2));
            mx = std::max(mx, out[k + t_o]);
        }
        for (auto& v : out) v /= mx;
    } else {
        throw std::invalid_argument(window + " not recognized for Histogram_Window_Weight");
    }
    return out;
}

std::pair<double, double> c2m_ber_contour(const Pdf& pdf, double der0) {
    // pdf_to_cdf: CDF from below and from above, the smaller of the two; cdf_to_ber_contour:
    // first x with CDF > DER_0 (bottom of the distribution) and last such x (top).
    // The CDF from below rises and the one from above falls, so the first index where both
    // exceed DER_0 is where the one from below first does (if the other does there), and the
    // last is where the one from above last does: both are found from the tails.
    const std::size_t n = pdf.y.size();
    std::size_t lo = n, hi = n;
    double yb = 0;
    for (std::size_t k = 0; k < n; ++k) {
        yb += pdf.y[k];
        if (yb > der0) {
            lo = k;
            break;
        }
    }
    double yt = 0;
    for (std::size_t k = n; k-- > 0;) {
        yt += pdf.y[k];
        if (yt > der0) {
            hi = k;
            break;
        }
    }
    if (lo == n || hi == n || hi < lo) return {NAN, NAN};  // no bin with both CDFs above DER_0
    return {pdf.x(lo), pdf.x(hi)};
}

C2mEye c2m_eye(const C2mSpec& s, const RVec& eq_pulse, int t_s_orig, double delta_y, const C2mNoise& ns,
               bool window_only) {
    const int samp = s.samples;
    const int M = s.samples_per_ui;
    const int half = c2m_center_of_ui(samp);
    const int t_o = static_cast<int>(std::floor((s.t_o_mui / 1000) * samp));
    const long n0 = static_cast<long>(eq_pulse.size());
    if (t_s_orig < 1 || t_s_orig > n0) throw std::runtime_error("C2M eye: sampling point outside the pulse");

    // ---- get_pdf_full: resample the pulse at samples_for_C2M per UI, time 0 at t_s ----
    const double t_s0 = static_cast<double>(t_s_orig - 1) / M;
    RVec old_time(static_cast<std::size_t>(n0));
    for (long k = 0; k < n0; ++k) old_time[k] = static_cast<double>(k) / M - t_s0;
    const double tmin = old_time.front(), tmax = old_time.back();
    const double step = 1.0 / samp;
    const long na = range_count(tmin, -step) - 1;  // 0:-1/samp:min(old_time)
    const long nb = range_count(tmax, step) - 1;   // 0:1/samp:max(old_time)
    const long n = na + nb + 1;
    RVec sbr(static_cast<std::size_t>(n));
    {
        long j = 0;  // interval of old_time holding t (lookup "lr")
        for (long i = 0; i < n; ++i) {
            double t = static_cast<double>(i - na) * step;
            if (i == 0) t = std::max(t, tmin);       // range end points are clipped to the limit
            if (i == n - 1) t = std::min(t, tmax);
            while (j + 2 < n0 && old_time[j + 1] <= t) ++j;
            // Octave interp1 linear (ppval): (dy/dx) (t - x_j) + y_j
            sbr[i] = (eq_pulse[j + 1] - eq_pulse[j]) / (old_time[j + 1] - old_time[j]) * (t - old_time[j]) + eq_pulse[j];
        }
    }
    const long ts = na + 1;  // 1-based index of time 0
    auto S = [&](long i1) { return sbr[static_cast<std::size_t>(i1 - 1)]; };
    RVec resid = sbr;
    // DFE cancellation (THRU): cursors at t_s + samp*(1..N_b), clipped by b_max/b_min x cursor
    const double cursor = S(ts);
    RVec eff(static_cast<std::size_t>(s.ndfe));
    for (int u = 1; u <= s.ndfe; ++u) {
        const long i = ts + static_cast<long>(samp) * u;
        if (i > n) throw std::runtime_error("C2M eye: pulse too short for the DFE span");
        double v = S(i);
        if (s.dfe_delta != 0)
            v = std::floor(std::fabs(v / (cursor * s.dfe_delta))) * cursor * s.dfe_delta * sign(v);
        const double hi = cursor * s.bmax[u - 1], lo = cursor * s.bmin[u - 1];
        if (v > hi) v = hi;
        if (v < lo) v = lo;
        eff[u - 1] = v;
    }
    const long start_cancel = ts - half + 1 + samp;
    for (int u = 0; u < s.ndfe; ++u)
        for (int k = 0; k < samp; ++k) {
            const long i = start_cancel + static_cast<long>(u) * samp + k;
            if (i >= 1 && i <= n) resid[i - 1] -= eff[u];
        }
    // the cursor UI is removed; A_s_vec = R_LM SBR(uiv)/(L-1)
    const long uiv_start = start_cancel - samp;
    RVec a_s_vec(static_cast<std::size_t>(samp));
    for (int k = 0; k < samp; ++k) {
        const long i = uiv_start + k;
        if (i < 1 || i > n) throw std::runtime_error("C2M eye: cursor UI outside the pulse");
        a_s_vec[k] = s.r_lm * S(i) / (s.levels - 1);
        resid[i - 1] = 0;
    }
    const long nui = std::lround(static_cast<double>(n) / samp);
    const long rows = nui - 2;
    if (rows < 2) throw std::runtime_error("C2M eye: pulse shorter than 4 UI");
    // vs(r, c) = resid(samp*r + c), vs_raw from the resampled pulse, r = 1..nui-2
    auto vs = [&](long r, int c) { return resid[static_cast<std::size_t>(samp * r + c - 1)]; };
    auto vs_raw = [&](long r, int c) { return sbr[static_cast<std::size_t>(samp * r + c - 1)]; };
    int phase = static_cast<int>(ts % samp);
    if (phase == 0) phase = samp;
    const int shift = half - phase;
    auto wrap = [&](int c) {  // 1-based column of vs feeding column c of vs_shift
        int k = ((c - 1 - shift) % samp + samp) % samp;
        return k + 1;
    };
    const int j0 = window_only ? half - t_o : 1;
    const int j1 = window_only ? half + t_o : samp;

    // ---- COM_eye_width: per sampling phase, signal levels + ISI + crosstalk + noise ----
    std::vector<double> levels(static_cast<std::size_t>(s.levels));
    for (int k = 0; k < s.levels; ++k) levels[k] = (2.0 * k) / (s.levels - 1) - 1.0;
    C2mEye eye;
    eye.contour_top.assign(static_cast<std::size_t>(s.levels - 1), RVec(samp, 0.0));
    eye.contour_bottom.assign(static_cast<std::size_t>(s.levels - 1), RVec(samp, 0.0));
    // Per phase j the level PDFs are one PDF (ISI + crosstalk + noise) at level-dependent
    // offsets: base[j] and the first bin of each level, lvmin[level][j].
    std::vector<Pdf> base_of(static_cast<std::size_t>(samp + 1));
    std::vector<std::vector<long>> lvmin(static_cast<std::size_t>(s.levels), std::vector<long>(samp + 1, 0));
    const bool cci_delta = ns.cci.y.size() == 1 && ns.cci.y[0] == 1.0;
    const bool ne_delta = ns.ne.y.size() == 1 && ns.ne.y[0] == 1.0;
    RVec col(static_cast<std::size_t>(rows)), hj(static_cast<std::size_t>(rows));
    for (int j = j0; j <= j1; ++j) {
        const int c = wrap(j);
        for (long r = 1; r <= rows; ++r) col[r - 1] = vs(r, c);
        Pdf isi = pdf_from_samples(col, s.levels, delta_y);
        // h_j_full(:, j) (93A-28 at the resampled rate), with the reference's edge columns
        const int hk = c;
        std::fill(hj.begin(), hj.end(), 0.0);
        if (hk == 1) {
            for (long r = 1; r < rows; ++r) hj[r - 1] = (vs_raw(r + 1, 2) - vs_raw(r, samp)) / 2 * samp;
        } else if (hk == samp) {
            for (long r = 1; r < rows; ++r) hj[r - 1] = (vs_raw(r + 1, 1) - vs_raw(r, samp - 1)) / 2 * samp;
        } else {
            for (long r = 1; r <= rows; ++r) hj[r - 1] = (vs_raw(r, hk + 1) - vs_raw(r, hk - 1)) / 2 * samp;
        }
        double hj2 = 0;
        for (double v : hj) hj2 += v * v;
        const double rj = s.sigma_rj_ui * s.sigma_x * std::sqrt(hj2);
        const double sigma_g = std::sqrt(rj * rj + ns.sigma_n * ns.sigma_n + ns.sigma_tx * ns.sigma_tx);  // 93A-41
        Pdf gauss = normal_pdf(sigma_g, ns.ber_q, delta_y);
        if (!ne_delta) gauss = conv(gauss, ns.ne);
        RVec hdd = hj;
        for (auto& v : hdd) v *= s.a_dd_ui;
        Pdf noise = conv(gauss, pdf_from_samples(hdd, s.levels, delta_y));  // 93A-43
        // ISI + crosstalk + noise; the levels only shift the PDF (conv_fct_MeanNotZero rounds
        // the fractional minimum of the shifted ISI PDF)
        Pdf base = cci_delta ? isi : conv(isi, ns.cci);
        base = conv(base, noise);
        for (int lv = 0; lv < s.levels; ++lv) {
            const double frac = (static_cast<double>(isi.min) * delta_y + a_s_vec[j - 1] * (s.levels - 1) * levels[lv]) / delta_y;
            lvmin[lv][j] = round_half_away(frac + static_cast<double>(ns.cci.min)) + noise.min;
        }
        // contour of the base PDF, shifted per level (cdf_to_ber_contour of each level's PDF)
        base.min = 0;
        const auto [lo0, hi0] = c2m_ber_contour(base, s.der0);
        for (int e = 0; e + 1 < s.levels; ++e) {
            eye.contour_top[e][j - 1] = lo0 + static_cast<double>(lvmin[e + 1][j]) * delta_y;
            eye.contour_bottom[e][j - 1] = hi0 + static_cast<double>(lvmin[e][j]) * delta_y;
        }
        base_of[j] = std::move(base);
    }
    if (!window_only) {
        // find_eye_width (with vref_intersect) per eye, vref = middle of the eye at half_UI
        for (int e = 0; e + 1 < s.levels; ++e) {
            const RVec& top = eye.contour_top[e];
            const RVec& bot = eye.contour_bottom[e];
            const double vref = top[half - 1] / 2 + bot[half - 1] / 2;
            auto isect = [&](const RVec& ec, long off, long x_in) {  // ec(off + x - 1), 1-based x
                const double a = ec[off + x_in - 2], b = ec[off + x_in - 1];
                const double m1 = b - a, b1 = b - m1 * static_cast<double>(x_in);
                return (vref - b1) / m1;
            };
            auto left = [&](const RVec& ec, bool below) {
                for (int v = 1; v <= half; ++v) {
                    const double x = ec[half - v];
                    if (below ? x < vref : x > vref) {
                        if (v == 1) return 0.0;
                        return half - isect(ec, 0, half - v + 2);
                    }
                }
                return static_cast<double>(half);
            };
            auto right = [&](const RVec& ec, bool below) {
                for (int v = 1; v <= samp - half + 1; ++v) {
                    const double x = ec[half + v - 2];
                    if (below ? x < vref : x > vref) {
                        if (v == 1) return 0.0;
                        return isect(ec, half - 1, v) + half - 1 - half;
                    }
                }
                return static_cast<double>(samp - half);
            };
            eye.left_ew.push_back(std::min(left(top, true), left(bot, false)));
            eye.right_ew.push_back(std::min(right(top, true), right(bot, false)));
        }
    }
    if (t_o != 0) {
        // histogram over T_s +/- T_O: weighted sum of the PDFs (combine_pdf_same_voltage_axis),
        // renormalized; the eye of the smallest height is reported
        const RVec w = c2m_window_weights(s.window, t_o, s.ql);
        std::vector<std::pair<double, double>> edge(static_cast<std::size_t>(s.levels));
        for (int lv = 0; lv < s.levels; ++lv) {
            long lo = 0, hi = 0;
            bool first = true;
            for (int j = half - t_o; j <= half + t_o; ++j) {
                const Pdf& p = base_of[j];
                const long a = lvmin[lv][j], b = a + static_cast<long>(p.y.size()) - 1;
                if (first || a < lo) lo = a;
                if (first || b > hi) hi = b;
                first = false;
            }
            Pdf out;
            out.bin = delta_y;
            out.min = lo;
            out.y.assign(static_cast<std::size_t>(hi - lo + 1), 0.0);
            // Voltage axis as combine_pdf_same_voltage_axis builds it: each level PDF has the
            // axis Min*bin + k*bin (an Octave range, last element clipped to pMax*bin); merged
            // axes keep the prefix of the one starting lower and the rest of the longer one.
            // Equal eyes are told apart by these last-digit differences, as in the reference.
            auto range_x = [&](long mn, long len, long k) {
                const double base = static_cast<double>(mn) * delta_y;
                const double v = base + static_cast<double>(k) * delta_y;
                const double limit = static_cast<double>(mn + len - 1) * delta_y;
                return k == len - 1 ? std::min(v, limit) : v;
            };
            RVec ox;
            long ox_lo = 0;
            for (int j = half - t_o; j <= half + t_o; ++j) {
                const Pdf& p = base_of[j];
                const double wj = w[j - (half - t_o)];
                const long mn = lvmin[lv][j], len = static_cast<long>(p.y.size());
                double* o = out.y.data() + (mn - lo);
                for (std::size_t k = 0; k < p.y.size(); ++k) o[k] += p.y[k] * wj;
                if (j == half - t_o) {
                    ox.resize(static_cast<std::size_t>(len));
                    for (long k = 0; k < len; ++k) ox[k] = range_x(mn, len, k);
                    ox_lo = mn;
                    continue;
                }
                const long l_before = static_cast<long>(ox.size());
                const long sh = std::labs(ox_lo - mn);
                const long l1 = ox_lo <= mn ? l_before : l_before + sh;  // x1 after alignment
                const long l2 = ox_lo < mn ? len + sh : len;               // x2 after alignment
                RVec nx;
                if (ox_lo < mn) {  // x2 = [x1(1:shift) x2]
                    if (l1 > l2) continue;  // out_x = x1 (unchanged)
                    nx.assign(ox.begin(), ox.begin() + sh);
                    for (long k = 0; k < len; ++k) nx.push_back(range_x(mn, len, k));
                } else {           // x1 = [x2(1:shift) x1]
                    if (l1 > l2) {
                        for (long k = 0; k < sh; ++k) nx.push_back(range_x(mn, len, k));
                        nx.insert(nx.end(), ox.begin(), ox.end());
                    } else {
                        for (long k = 0; k < len; ++k) nx.push_back(range_x(mn, len, k));
                    }
                    ox_lo = mn;
                }
                ox.swap(nx);
            }
            if (ox_lo != lo || static_cast<long>(ox.size()) != hi - lo + 1)
                throw std::logic_error("C2M eye: histogram axis does not span the PDFs");
            double sum = 0;
            for (double v : out.y) sum += v;
            for (auto& v : out.y) v /= sum;
            out.min = 0;
            const auto [xl, xh] = c2m_ber_contour(out, s.der0);  // indices (bin 1) into the axis
            if (std::isnan(xl)) {
                edge[lv] = {NAN, NAN};
            } else {
                edge[lv] = {ox[static_cast<std::size_t>(std::lround(xl / delta_y))],
                            ox[static_cast<std::size_t>(std::lround(xh / delta_y))]};
            }
        }
        double min_eh = INFINITY;
        for (int e = 0; e + 1 < s.levels; ++e) {
            const double vt = edge[e + 1].first, vb = edge[e].second;
            if (vt - vb < min_eh) {
                min_eh = vt - vb;
                eye.eh_top = vt;
                eye.eh_bottom = vb;
            }
        }
    }
    return eye;
}

}  // namespace racklink::sigint::com_detail
