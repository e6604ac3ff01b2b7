// Receiver FFE of the 802.3dj COM (IEEE P802.3dj Annex 178A): noise PSDs and the MMSE
// equalizer, mirroring get_PSDs, S_RN and MMSE of the IEEE COM reference code
// (com_ieee8023_93a, 4.x releases; see com_rxffe.hpp), and the FV-LMS taps (force,
// RXFFE_Illegal) with the noise weighting through them.
#include "com_rxffe.hpp"

#include <Eigen/Dense>
#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace racklink::sigint::com_detail {

namespace {
constexpr double kPi = 3.14159265358979323846;
const cplx kJ{0.0, 1.0};

/// sum_{m < n} x[m] x[m + lag] in four interleaved partial sums (independent additions, ~4x the
/// throughput of one chain); callers may add terms to a[0] before sum().
struct LaggedDot {
    double a[4] = {0, 0, 0, 0};
    double sum() const { return (a[0] + a[1]) + (a[2] + a[3]); }
};
LaggedDot lagged_dot(const double* x, long n, long lag) {
    LaggedDot d;
    long m = 0;
    for (; m + 3 < n; m += 4) {
        d.a[0] += x[m] * x[m + lag];
        d.a[1] += x[m + 1] * x[m + 1 + lag];
        d.a[2] += x[m + 2] * x[m + 2 + lag];
        d.a[3] += x[m + 3] * x[m + 3 + lag];
    }
    for (; m < n; ++m) d.a[0] += x[m] * x[m + lag];
    return d;
}

// sigma_X^2 = (L^2 - 1) / (3 (L - 1)^2): symbol variance of L-level PAM on [-1, 1] (93A-25).
double sigma_x2(int levels) {
    const double l = levels;
    return (l * l - 1) / (3 * (l - 1) * (l - 1));
}

// scale |fft(x)|^2 / f_b (the reference's sigma_X2 ... (abs(fft(x))).^2 / param.fb).
RVec power_spectrum(const RVec& x, double scale, double fb) {
    thread_local Eigen::FFT<double> fft;  // keeps its twiddle tables between calls
    CVec out;
    fft.fwd(out, x);
    RVec p(out.size());
    for (std::size_t k = 0; k < out.size(); ++k) p[k] = scale * std::norm(out[k]) / fb;
    return p;
}

// Samples 0, M, 2M, ... of v after the reference's alignment idiom
//   v = v(mod(c,M)+1 : end-mod(c,M)); v = v(1:floor(end/M)*M); v = [v zeros(1, N-end)]; v(1:M:end)
// with N = num_ui M (v is never shortened to N, only padded).
RVec aligned_samples(const RVec& v, long cursor_i, int M, int num_ui) {
    const long m = cursor_i % M;
    const long n = static_cast<long>(v.size());
    long len = std::max<long>(n - 2 * m, 0);
    len = len / M * M;
    const long total = std::max<long>(len, static_cast<long>(num_ui) * M);
    RVec out;
    out.reserve(static_cast<std::size_t>(total / M));
    for (long i = 0; i < total; i += M) out.push_back(i < len ? v[m + i] : 0.0);
    return out;
}

RVec fit_length(RVec v, int n) {
    v.resize(static_cast<std::size_t>(n), 0.0);
    return v;
}
}  // namespace

void MmseSpec::prepare() {
    const int nw = std::max(cmx + 1 + cpx, n_bg != 0 ? cmx + n_bmax + 1 : 0);
    cos_table.resize(static_cast<std::size_t>(nw) * num_ui);
    for (int k = 0; k < nw; ++k)
        for (int i = 0; i < num_ui; ++i)
            cos_table[static_cast<std::size_t>(k) * num_ui + i] =
                std::cos(2 * kPi * static_cast<double>((static_cast<long>(k) * i) % num_ui) / num_ui);
}

RVec psd_rn(const MmseSpec& s, double f_z, double f_p1, double f_p2, double f_hp, double g_dc_db,
            double g_dc_hp_db, double f_r, double eta0_v2_per_ghz) {
    const long nu = s.num_ui, n = nu * s.M, n1 = n / 2 + 1;
    const double df = s.fb_hz / static_cast<double>(nu);
    RVec sf(static_cast<std::size_t>(n1));
    const double k_dc = std::pow(10.0, g_dc_db / 20), k_hp = std::pow(10.0, g_dc_hp_db / 20);
    for (long k = 0; k < n1; ++k) {
        const double f = static_cast<double>(k) * df;
        // S_RN: H_CTF of 178A eq. (CTLE with the low-frequency pole/zero pair), H_r = 4th-order
        // Butterworth (93A-20, polyval form of the reference), S = eta_0/2 |H_CTF H_r|^2.
        // |H_CTF H_r|^2 as a ratio of squared magnitudes (no complex division)
        const double num = std::norm(k_dc + kJ * f / f_z) * std::norm(k_hp + kJ * f / f_hp);
        const cplx x = kJ * f / (f_r * s.fb_hz);
        const double den = std::norm(1.0 + kJ * f / f_p1) * std::norm(1.0 + kJ * f / f_p2) * std::norm(1.0 + kJ * f / f_hp) *
                           std::norm((((x + 2.613126) * x + 3.414214) * x + 2.613126) * x + 1.0);
        sf[static_cast<std::size_t>(k)] = eta0_v2_per_ghz / 2 * (num / den);
    }
    // conjugate-symmetric two-sided PSD, V^2/Hz, folded (aliased) over the M phases
    auto two_sided = [&](long k) { return (k < n1 ? sf[k] : sf[n - k]) / 1e9; };
    RVec fold(static_cast<std::size_t>(nu), 0.0);
    for (long i = 0; i < nu; ++i) {
        double acc = 0;
        for (long j = 0; j < s.M; ++j) acc += two_sided(j * nu + i);
        fold[i] = acc;
    }
    RVec out(static_cast<std::size_t>(nu));
    for (long i = 0; i < nu; ++i) out[i] = i <= nu / 2 ? fold[i] : fold[nu - i];
    return out;
}

RVec psd_tn(const MmseSpec& s, const RVec& thru_ctle_pulse, long cursor_i, double* tn_rms) {
    // eq. 178A-17: S_tn = sigma_X^2 10^(-SNR_TX/10) |H_tn|^2 / f_b from the CTLE pulse response.
    RVec hext = fit_length(aligned_samples(thru_ctle_pulse, cursor_i, s.M, s.num_ui), s.num_ui);
    RVec p = power_spectrum(hext, sigma_x2(s.levels) * std::pow(10.0, -s.snr_tx_db / 10), s.fb_hz);
    if (tn_rms) {
        double acc = 0;
        for (double v : p) acc += v;
        *tn_rms = std::sqrt(acc * s.fb_hz / s.num_ui);
    }
    return p;
}

namespace {
// h_J (93A-28) of the pulse h (get_PSDs): the samples one either side of the sampling phase,
// (h(so+1:M:end) - h(so-1:M:end)) M / 2; with LIMIT_JITTER_CONTRIB_TO_DFE_SPAN only
// h(cursor_i -+ 1 + M (-1:N_b)) (samples outside h, where the reference's indexing fails: 0).
RVec jitter_taps(const MmseSpec& s, const RVec& h, long cursor_i) {
    const long n = static_cast<long>(h.size());
    RVec hj;
    if (s.limit_jitter_to_dfe_span)
        return jitter_over_dfe_span(cursor_i, s.ndfe, s.M, n, [&](long i1) { return h[static_cast<std::size_t>(i1 - 1)]; });
    long so = cursor_i % s.M;
    if (so <= 1) so += s.M;
    for (long i = so; i < n; i += s.M) hj.push_back((h[static_cast<std::size_t>(i)] - h[static_cast<std::size_t>(i - 2)]) / 2 * s.M);
    return hj;
}
}  // namespace

RVec psd_jn(const MmseSpec& s, const RVec& h, long cursor_i) {
    RVec hj = jitter_taps(s, h, cursor_i);
    hj = fit_length(hj, s.num_ui);
    // eq. 178A-17: S_jn = sigma_X^2 (A_DD^2 + sigma_RJ^2) |H_J|^2 / f_b
    return power_spectrum(hj, sigma_x2(s.levels) * (s.a_dd_ui * s.a_dd_ui + s.sigma_rj_ui * s.sigma_rj_ui), s.fb_hz);
}

RVec psd_xn(const MmseSpec& s, const std::vector<const RVec*>& aggr_ctle_imp,
            const std::vector<bool>& aggr_is_next, const RVec& txffe, std::vector<int>* iphase) {
    RVec total(static_cast<std::size_t>(s.num_ui), 0.0);
    if (iphase) iphase->clear();
    const long n = static_cast<long>(s.num_ui) * s.M;
    int cmx = 0;  // find(txffe == max(txffe)) - 1
    for (std::size_t k = 1; k < txffe.size(); ++k)
        if (txffe[k] > txffe[static_cast<std::size_t>(cmx)]) cmx = static_cast<int>(k);
    for (std::size_t a = 0; a < aggr_ctle_imp.size(); ++a) {
        // v4.50: the whole CTLE pulse, zero-padded or cut to num_ui M samples (v4.20-4.30 first cut
        // it to whole UIs)
        RVec pc = running_sum(*aggr_ctle_imp[a], s.M);
        pc.resize(static_cast<std::size_t>(n), 0.0);
        const RVec hk = aggr_is_next[a] ? pc : ffe_circ(txffe, cmx, s.M, pc);
        int best = 0;
        double best_norm = -1;
        for (int i1 = 0; i1 < s.M; ++i1) {
            double acc = 0;
            for (long i = i1; i < n; i += s.M) acc += hk[i] * hk[i];
            const double nm = std::sqrt(acc);
            if (nm > best_norm) {
                best_norm = nm;
                best = i1;
            }
        }
        if (iphase) iphase->push_back(best + 1);
        RVec hrn;
        for (long i = best; i < n; i += s.M) hrn.push_back(hk[i]);
        // eq. 178A-16: S_xn = sigma_X^2 sum_k |H_k|^2 / f_b
        RVec p = power_spectrum(hrn, sigma_x2(s.levels), s.fb_hz);
        for (std::size_t k = 0; k < total.size(); ++k) total[k] += p[k];
    }
    return total;
}

std::vector<int> findbankloc(const RVec& hisi, int idx_st, int idx_en, int tap_bk, double curval, double bmaxg,
                             int n_bg) {
    // 1-based helpers over the growable ndiff (MATLAB grows an array assigned past its end)
    const int len = idx_en - idx_st + 1;
    RVec h0(static_cast<std::size_t>(len)), h1(h0.size());
    for (int i = 0; i < len; ++i) {
        const std::size_t j = static_cast<std::size_t>(idx_st - 1 + i);  // zero past the pulse end
        h0[i] = j < hisi.size() ? std::fabs(hisi[j]) : 0.0;
        // a negative cursor value would make h1 > h0 and invert the removable energies: the
        // reference forces h1 to zero then (com_ieee8023_93a v4.50 findbankloc; v4.20/4.30 did
        // not, and their search could cycle forever on such a candidate)
        h1[i] = curval < 0 ? 0.0 : std::max(0.0, h0[i] - bmaxg * curval);
    }
    const int nn = len - tap_bk + 1;
    RVec h0n(static_cast<std::size_t>(std::max(nn, 0)), 0.0), h1n(h0n.size(), 0.0);
    for (int ii = 0; ii < tap_bk; ++ii)
        for (int i = 0; i < nn; ++i) {
            h0n[i] += h0[i + ii] * h0[i + ii];
            h1n[i] += h1[i + ii] * h1[i + ii];
        }
    RVec ndiff(h0n.size());
    for (std::size_t i = 0; i < ndiff.size(); ++i) ndiff[i] = h0n[i] - h1n[i];
    auto zero_at = [&](int i1) {
        if (i1 < 1) return;
        if (static_cast<std::size_t>(i1) > ndiff.size()) ndiff.resize(static_cast<std::size_t>(i1), 0.0);
        ndiff[static_cast<std::size_t>(i1 - 1)] = 0;
    };
    auto sort_desc = [&]() {  // [~, val_sort] = sort(ndiff, 'descend') (stable), 1-based
        std::vector<int> v(ndiff.size());
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int>(i) + 1;
        std::stable_sort(v.begin(), v.end(), [&](int a, int b) { return ndiff[a - 1] > ndiff[b - 1]; });
        return v;
    };
    auto bad_range = [&](int first) {  // badV for a bank starting at `first`
        std::vector<int> b;
        const int bs = first - tap_bk + 1, be = first - 1;
        if (be <= 0) return b;
        for (int i = bs > 0 ? bs : 1; i <= be; ++i) b.push_back(i);
        return b;
    };
    std::vector<int> idx(static_cast<std::size_t>(tap_bk * n_bg), 0);
    const int nordered = (n_bg - 1) * tap_bk + 1;
    int set_next_bank = 0;
    for (int k = 1; k <= n_bg; ++k) {
        std::vector<int> val_sort = sort_desc();
        if (k == 1 && nordered <= static_cast<int>(val_sort.size())) {
            std::vector<int> top(val_sort.begin(), val_sort.begin() + nordered);
            std::sort(top.begin(), top.end());
            bool ordered = true;
            for (int i = 0; i < nordered; ++i) ordered = ordered && top[i] == i + 1;
            if (ordered) {
                for (int i = 0; i < n_bg * tap_bk; ++i) idx[i] = i + 1;
                break;
            }
        }
        auto put_bank = [&](int first) {
            for (int t = 0; t < tap_bk; ++t) idx[static_cast<std::size_t>(tap_bk * (k - 1) + t)] = first + t;
        };
        if (set_next_bank > 0) {
            const int first = set_next_bank;
            put_bank(first);
            set_next_bank = 0;
            for (int t = 0; t < tap_bk; ++t) zero_at(first + t);
            for (int b : bad_range(first)) zero_at(b);
            continue;
        }
        int first = val_sort[0];
        if (k == n_bg) {
            put_bank(first);
            break;
        }
        bool again = true, first_time = true;
        std::vector<int> badv;
        // at most length(ndiff) + 1 passes, as v4.50 (`if num_loops > length(ndiff) break`): a
        // pass that zeroes an entry already zero changes nothing and would repeat forever
        std::size_t passes = 0;
        while (again) {
            again = false;
            if (passes++ > ndiff.size()) break;
            badv = bad_range(first);
            for (int j = static_cast<int>(badv.size()) - 1; j >= 0; --j)
                if (std::find(idx.begin(), idx.end(), badv[j]) != idx.end()) badv.erase(badv.begin() + j);
            const int goodv = first - tap_bk;
            if (!badv.empty()) {
                if (!first_time) val_sort = sort_desc();
                first_time = false;
                std::vector<int> checkv = badv;
                for (int t = 0; t < tap_bk; ++t) checkv.push_back(first + t);
                int min_pos = static_cast<int>(val_sort.size()) + 1;
                for (int b : badv) {
                    const int pos = static_cast<int>(std::find(val_sort.begin(), val_sort.end(), b) - val_sort.begin()) + 1;
                    min_pos = std::min(min_pos, pos);
                }
                bool found_goodv = false;
                int ii = 1;
                for (ii = 1; ii <= static_cast<int>(val_sort.size()); ++ii) {
                    const int v = val_sort[ii - 1];
                    if (v == goodv) {
                        found_goodv = true;
                        break;
                    }
                    if (std::find(checkv.begin(), checkv.end(), v) == checkv.end()) break;
                }
                if (ii > static_cast<int>(val_sort.size())) ii = static_cast<int>(val_sort.size());
                if (!found_goodv && min_pos < ii) {
                    again = true;
                    zero_at(first);
                    first = val_sort[1];
                }
                if (found_goodv) set_next_bank = goodv;
            }
        }
        for (int t = 0; t < tap_bk; ++t) zero_at(first + t);
        put_bank(first);
        for (int b : badv) zero_at(b);
    }
    for (auto& v : idx) v += idx_st - 1;
    return idx;
}

int autocorr_lags(const MmseSpec& s) { return static_cast<int>(s.cos_table.size() / static_cast<std::size_t>(s.num_ui)); }

RVec noise_autocorr(const MmseSpec& s, const RVec& s_n) {
    const int nu = s.num_ui, nl = autocorr_lags(s);
    RVec rn(static_cast<std::size_t>(nl));
    for (int k = 0; k < nl; ++k) {
        const double* ct = s.cos_table.data() + static_cast<std::size_t>(k) * nu;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 3 < nu; i += 4) {
            a0 += s_n[i] * ct[i];
            a1 += s_n[i + 1] * ct[i + 1];
            a2 += s_n[i + 2] * ct[i + 2];
            a3 += s_n[i + 3] * ct[i + 3];
        }
        for (; i < nu; ++i) a0 += s_n[i] * ct[i];
        rn[k] = ((a0 + a1) + (a2 + a3)) / nu * s.fb_hz;
    }
    return rn;
}

RVec jitter_autocorr(const MmseSpec& s, const RVec& h, long cursor_i) {
    RVec hj = jitter_taps(s, h, cursor_i);
    if (hj.size() > static_cast<std::size_t>(s.num_ui)) hj.resize(static_cast<std::size_t>(s.num_ui));
    long last = static_cast<long>(hj.size());
    while (last > 0 && hj[static_cast<std::size_t>(last - 1)] == 0) --last;
    const int nl = autocorr_lags(s);
    const long nu = s.num_ui;
    const double scale = sigma_x2(s.levels) * (s.a_dd_ui * s.a_dd_ui + s.sigma_rj_ui * s.sigma_rj_ui);
    RVec rn(static_cast<std::size_t>(nl));
    const double* x = hj.data();
    for (int k = 0; k < nl; ++k) {
        LaggedDot d = lagged_dot(x, last - k, k);  // m + k < last
        for (long m = std::max(0L, nu - k); m < last; ++m)  // circular wrap: (m + k) mod num_ui < last
            if (m + k - nu < last) d.a[0] += x[m] * x[m + k - nu];
        rn[k] = scale * d.sum();
    }
    return rn;
}

XtalkNoise::XtalkNoise(const MmseSpec& s, const std::vector<const RVec*>& aggr_ctle_imp,
                       const std::vector<bool>& is_next, int ntx)
    : s_(s) {
    const long nu = s.num_ui, n = nu * s.M;
    for (std::size_t a = 0; a < aggr_ctle_imp.size(); ++a) {
        // v4.50: the whole CTLE pulse, zero-padded or cut to num_ui M samples (v4.20-4.30 first cut
        // it to whole UIs)
        RVec pc = running_sum(*aggr_ctle_imp[a], s.M);
        pc.resize(static_cast<std::size_t>(n), 0.0);
        Aggr g;
        g.next = is_next[a];
        g.dec.assign(static_cast<std::size_t>(s.M), RVec(static_cast<std::size_t>(nu)));
        for (int p = 0; p < s.M; ++p)
            for (long j = 0; j < nu; ++j) g.dec[p][j] = pc[p + j * s.M];
        if (g.next) {
            // hk = pulse: the phase of largest norm (first of equals), then its R_n part
            int best = 0;
            double best_norm = -1;
            for (int p = 0; p < s.M; ++p) {
                double acc = 0;
                for (double v : g.dec[p]) acc += v * v;
                if (std::sqrt(acc) > best_norm) {
                    best_norm = std::sqrt(acc);
                    best = p;
                }
            }
            g.next_phase = best + 1;
            g.next_rn = phase_rn(g.dec[best]);
            g.dec.clear();
        } else {
            g.acf.assign(static_cast<std::size_t>(s.M), RVec(static_cast<std::size_t>(ntx), 0.0));
            for (int p = 0; p < s.M; ++p)
                for (int t = 0; t < ntx; ++t) {
                    double acc = 0;
                    const RVec& d = g.dec[p];
                    for (long j = 0; j < nu; ++j) acc += d[j] * d[(j + t) % nu];
                    g.acf[p][t] = acc;
                }
        }
        aggr_.push_back(std::move(g));
    }
}

// R_n(k) = f_b ifft(sigma_X^2 |fft(seq)|^2 / f_b)(k) = sigma_X^2 sum_j seq[j] seq[(j+k) mod N]
RVec XtalkNoise::phase_rn(const RVec& seq) const {
    const int nl = autocorr_lags(s_);
    const long nu = static_cast<long>(seq.size());
    RVec rn(static_cast<std::size_t>(nl));
    for (int k = 0; k < nl; ++k) {
        double a0 = 0, a1 = 0;
        long j = 0;
        const long nk = nu - k;
        for (; j + 1 < nk; j += 2) {
            a0 += seq[j] * seq[j + k];
            a1 += seq[j + 1] * seq[j + 1 + k];
        }
        for (; j < nk; ++j) a0 += seq[j] * seq[j + k];
        for (j = std::max(0L, nk); j < nu; ++j) a1 += seq[j] * seq[j + k - nu];
        rn[k] = sigma_x2(s_.levels) * (a0 + a1);
    }
    return rn;
}

RVec XtalkNoise::autocorr(const RVec& txffe, std::vector<int>* iphase) const {
    RVec total(static_cast<std::size_t>(autocorr_lags(s_)), 0.0);
    if (iphase) iphase->clear();
    const int ntx = static_cast<int>(txffe.size());
    int cmx = 0;  // find(txffe == max(txffe)) - 1
    for (int k = 1; k < ntx; ++k)
        if (txffe[k] > txffe[cmx]) cmx = k;
    const long nu = s_.num_ui;
    for (const Aggr& g : aggr_) {
        if (g.next) {
            for (std::size_t k = 0; k < total.size(); ++k) total[k] += g.next_rn[k];
            if (iphase) iphase->push_back(g.next_phase);
            continue;
        }
        // FEXT: hk = FFE(txffe, cmx, M, pulse) circularly; per phase the decimated pulse
        // filtered by the taps at UI spacing, |hk_p|^2 = sum_k,l c_k c_l A_p(|k - l|).
        int best = 0;
        double best_n2 = -1;
        for (int p = 0; p < s_.M; ++p) {
            double n2 = 0;
            for (int k = 0; k < ntx; ++k)
                for (int l = 0; l < ntx; ++l) n2 += txffe[k] * txffe[l] * g.acf[p][std::abs(k - l)];
            if (n2 > best_n2) {
                best_n2 = n2;
                best = p;
            }
        }
        if (iphase) iphase->push_back(best + 1);
        const RVec& d = g.dec[best];
        RVec seq(static_cast<std::size_t>(nu), 0.0);
        for (int k = 0; k < ntx; ++k) {  // tap order as the reference's FFE
            if (txffe[k] == 0) continue;
            long sh = (k - cmx) % nu;
            if (sh < 0) sh += nu;
            for (long j = 0; j < nu; ++j) {
                long src = j - sh;
                if (src < 0) src += nu;
                seq[j] += d[src] * txffe[k];
            }
        }
        const RVec rn = phase_rn(seq);
        for (std::size_t k = 0; k < total.size(); ++k) total[k] += rn[k];
    }
    return total;
}

MmseResult mmse(const MmseSpec& s, const RVec& s_n, const RVec& sbr, long cursor_i) {
    return mmse_rn(s, noise_autocorr(s, s_n), sbr, cursor_i);
}

namespace {
// Samples 0, M, 2M, ... of v from the cursor's phase, the v4.50 MMSE alignment
//   h = sbr(mod(cursor_i - 1, M) + 1 : end); h = h(1:floor(end/M)*M); h = [h zeros(1, N-end)]; h(1:M:end)
// ("from Tobey (Pei-Rong Li 02/29/2024)"; v4.20-4.30 started one sample later), N = num_ui M.
// *filled receives the number of samples taken from v (the rest is padding).
RVec cursor_phase_samples(const RVec& v, long cursor_i, int M, int num_ui, long* filled) {
    const long m = (cursor_i - 1) % M;
    const long n = static_cast<long>(v.size());
    const long len = std::max<long>(n - m, 0) / M * M;
    const long total = std::max<long>(len, static_cast<long>(num_ui) * M);
    RVec out(static_cast<std::size_t>(total / M), 0.0);
    for (long i = 0, j = 0; i < len; i += M, ++j) out[static_cast<std::size_t>(j)] = v[static_cast<std::size_t>(m + i)];
    *filled = len / M;
    return out;
}

// The MMSE equalizer of one choice of taps: the reference v4.50 MMSE_FOM. The taps are columns
// of H = toeplitz([h zeros(1, Nw-1)], [h(1) zeros(1, Nw-1)]) (column j: tap delay j - 1 from the
// first precursor tap), the fixed taps 1..Nfix and the floating ones idx - N_tail_start + 1 + Nfix.
class MmseTaps {
public:
    /// h: the symbol-spaced pulse, zero past its first `filled` samples.
    MmseTaps(const MmseSpec& s, const RVec& h, long filled, long dh, const RVec& rn)
        : s_(s), h_(h), rn_(rn), d_(s.cmx + dh) {
        nfix_ = s.cmx + 1 + s.cpx;
        // (H'H)(i,j) is the autocorrelation of h at lag |col_i - col_j| (H spans every sample of
        // h): formed once for every lag R_n has, shared by all tap choices
        // h is zero-padded to num_ui UI, mostly past the pulse: the products beyond its last nonzero
        // sample are zeros, so each sum stops at the first block of four past it (the same blocks,
        // hence the same rounding, as the whole length)
        const long nh = static_cast<long>(h_.size());
        long nz = std::min(nh, filled);
        while (nz > 0 && h_[static_cast<std::size_t>(nz - 1)] == 0) --nz;
        ac_.resize(rn_.size());
        for (std::size_t lag = 0; lag < ac_.size(); ++lag) {
            const long l = static_cast<long>(lag);
            long cnt = std::max(0L, nh - l);
            const long need = (std::max(0L, nz - l) + 3) / 4 * 4;
            if (need <= cnt / 4 * 4) cnt = need;
            ac_[lag] = lagged_dot(h_.data(), cnt, l).sum();
        }
    }
    int nfix() const { return nfix_; }

    /// The equalizer with the floating taps idx (reference positions, sorted; empty: fixed only).
    /// w: taps (main tap w(cmx), not normalized); returns the figure of merit.
    double solve(const std::vector<int>& idx, Eigen::VectorXd* w_out, double* sigma_e_out) const {
        std::vector<int> cols;
        for (int j = 1; j <= nfix_; ++j) cols.push_back(j);
        for (int v : idx) cols.push_back(v - s_.n_tail_start + 1 + nfix_);
        const int nw = static_cast<int>(cols.size()), nb = s_.ndfe, dw = s_.cmx;
        const long nh = static_cast<long>(h_.size());
        auto hh = [&](long i) { return i >= 0 && i < nh ? h_[static_cast<std::size_t>(i)] : 0.0; };
        const double sx2 = sigma_x2(s_.levels);
        int maxlag = 0;
        for (int i = 0; i < nw; ++i)
            for (int j = 0; j < nw; ++j) maxlag = std::max(maxlag, std::abs(cols[i] - cols[j]));
        if (maxlag >= static_cast<int>(rn_.size()))
            throw std::invalid_argument("MMSE: floating RxFFE taps beyond the noise autocorrelation span");
        // R = H'H + R_nn / sigma_X^2, R_nn = toeplitz(R_n) at the same columns
        Eigen::MatrixXd R(nw, nw);
        for (int i = 0; i < nw; ++i)
            for (int j = 0; j < nw; ++j) {
                const int l = std::abs(cols[i] - cols[j]);
                R(i, j) = ac_[l] + rn_[l] / sx2;
            }
        // h0 = H(d+1, :), Hb = H(d+2 : d+Nb+1, :)
        Eigen::RowVectorXd h0(nw);
        Eigen::MatrixXd hb(nb, nw);
        for (int j = 0; j < nw; ++j) {
            h0(j) = hh(d_ - (cols[j] - 1));
            for (int r = 0; r < nb; ++r) hb(r, j) = hh(d_ + 1 + r - (cols[j] - 1));
        }
        // [R -Hb' -h0'; -Hb I 0; h0 0 0] [w; b; lambda] = [h0'; 0; 1] (healey_3dj_01_2401 slide 10)
        const int n = nw + nb + 1;
        Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
        Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
        A.topLeftCorner(nw, nw) = R;
        A.block(0, nw, nw, nb) = -hb.transpose();
        A.block(0, nw + nb, nw, 1) = -h0.transpose();
        A.block(nw, 0, nb, nw) = -hb;
        A.block(nw, nw, nb, nb).setIdentity();
        A.block(nw + nb, 0, 1, nw) = h0;
        rhs.head(nw) = h0.transpose();
        rhs(n - 1) = 1;
        Eigen::VectorXd wbl = A.partialPivLu().solve(rhs);
        Eigen::VectorXd w = wbl.head(nw);
        Eigen::VectorXd b = wbl.segment(nw, nb);
        auto clip_b = [&](const Eigen::VectorXd& v) {
            Eigen::VectorXd o(nb);
            for (int r = 0; r < nb; ++r) o(r) = std::min(s_.bmax[r], std::max(s_.bmin[r], v(r)));
            return o;
        };
        // DFE limits (slide 11): [R -h0'; h0 0] [w; lambda] = [h0' + Hb' blim; 1]
        Eigen::VectorXd blim = clip_b(b);
        if (nb > 0 && blim != b) {
            Eigen::MatrixXd B = Eigen::MatrixXd::Zero(nw + 1, nw + 1);
            Eigen::VectorXd r2(nw + 1);
            B.topLeftCorner(nw, nw) = R;
            B.block(0, nw, nw, 1) = -h0.transpose();
            B.block(nw, 0, 1, nw) = h0;
            r2.head(nw) = h0.transpose() + hb.transpose() * blim;
            r2(nw) = 1;
            w = B.partialPivLu().solve(r2).head(nw);
        }
        // tap limits relative to the main tap: [tapn..., pre1, 1, post1, tapn..., bmaxg (floating)]
        Eigen::VectorXd wlim(nw);
        const double m = w(dw);
        for (int i = 0; i < nw; ++i) {
            double lim = i < nfix_ ? s_.tapn_max : s_.bmaxg;
            if (i == dw - 1) lim = s_.pre1_max;
            if (i == dw + 1) lim = s_.post1_max;
            const double hi = i == dw ? 1.0 : lim, lo = i == dw ? 1.0 : -lim;
            wlim(i) = std::min(hi * m, std::max(lo * m, w(i)));
        }
        if (wlim != w) {
            wlim /= (h0 * wlim)(0);  // equalized pulse amplitude 1
            if (nb > 0) blim = clip_b(hb * wlim);  // feedback taps of the limited equalizer
        }
        // v4.50: the limited taps as they are (v4.20-4.30 solved again with blim and clipped)
        w = wlim;
        b = blim;
        // sigma_e = sqrt(sigma_X^2 (w'Rw + 1 + b'b - 2 w'h0' - 2 w'Hb'b)): commit request 4p4_5 of
        // healey_3dj_COM_01_240416 (v4.20-4.30: the bracket alone)
        const double mse = (w.transpose() * R * w)(0) + 1 + b.squaredNorm() - 2 * (h0 * w)(0) -
                           2 * (w.transpose() * hb.transpose() * b)(0);
        // (round-off can leave a noise-free MSE a hair below 0: MATLAB's sqrt is then imaginary
        // and its comparisons read the FOM's real part, 20 log10(R_LM / (L-1) / |sigma_e|))
        const double sigma_e = std::sqrt(sx2 * std::fabs(mse));
        if (w_out) *w_out = w;
        if (sigma_e_out) *sigma_e_out = sigma_e;
        return 20 * std::log10(s_.r_lm / (s_.levels - 1) / sigma_e);
    }

private:
    const MmseSpec& s_;
    const RVec& h_;
    const RVec& rn_;
    long d_;
    int nfix_ = 0;
    RVec ac_;  // autocorrelation of h, lags 0 .. size(R_n) - 1
};

// Index of the largest value, the first of equals, NaNs ignored (MATLAB max); 0 if all NaN.
std::size_t first_max(const RVec& v) {
    std::size_t best = 0;
    bool any = false;
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (std::isnan(v[k])) continue;
        if (!any || v[k] > v[best]) best = k;
        any = true;
    }
    return best;
}

// Floating bank locations chosen bank by bank by the MMSE figure of merit (reference v4.50
// FOM_rxffe_floating_taps): each of the N_bg banks goes to the free start, among postcursors
// N_tail_start..N_f, whose bank gives the best FOM together with the banks already placed.
// Returns the sorted reference positions (postcursor numbers).
std::vector<int> fom_floating_taps(const MmseSpec& s, const MmseTaps& eq) {
    const int num_isi = s.n_bmax - s.n_tail_start + 1, bf = s.n_bf;
    std::vector<int> valid;
    for (int k = 1; k <= num_isi - bf + 1; ++k) valid.push_back(k);
    std::vector<int> all;
    for (int g = 0; g < s.n_bg; ++g) {
        if (valid.empty()) throw std::invalid_argument("MMSE: no room for the floating RxFFE banks (N_f, N_bg, N_bf)");
        RVec fom(valid.size());
        for (std::size_t k = 0; k < valid.size(); ++k) {
            std::vector<int> idx = all;
            for (int t = 0; t < bf; ++t) idx.push_back(valid[k] + t);
            std::sort(idx.begin(), idx.end());
            for (int& v : idx) v += s.n_tail_start - 1;
            fom[k] = eq.solve(idx, nullptr, nullptr);
        }
        const std::size_t bi = first_max(fom);
        const int start = valid[bi];
        for (int t = 0; t < bf; ++t) all.push_back(start + t);
        // the reference removes list positions bi .. bi+bf-1, then the starts that would overlap
        valid.erase(valid.begin() + static_cast<long>(bi),
                    valid.begin() + static_cast<long>(std::min(valid.size(), bi + static_cast<std::size_t>(bf))));
        for (int t = std::max(1, start - bf + 1); t <= start - 1; ++t) {
            auto it = std::find(valid.begin(), valid.end(), t);
            if (it != valid.end()) valid.erase(it);
        }
    }
    for (int& v : all) v += s.n_tail_start - 1;
    std::sort(all.begin(), all.end());
    return all;
}
}  // namespace

MmseResult mmse_rn(const MmseSpec& s, const RVec& rn, const RVec& sbr, long cursor_i) {
    const int M = s.M, nu = s.num_ui;
    long filled = 0;
    const RVec h = cursor_phase_samples(sbr, cursor_i, M, nu, &filled);  // symbol-spaced pulse
    const long dh = (cursor_i - cursor_i % M) / M;                      // precursor samples in h
    const MmseTaps eq(s, h, filled, dh, rn);
    const int nfix = eq.nfix();
    std::vector<int> idx;
    if (s.n_bg != 0) {
        if (s.float_by_isi) {
            // findbankloc on hisi = h(dh+2 : dh-dw+Nw), Nw = dw + N_f + 1
            const long nh = static_cast<long>(h.size());
            RVec hisi;
            for (long i = dh + 1; i <= dh + s.n_bmax; ++i) hisi.push_back(i < nh ? h[static_cast<std::size_t>(i)] : 0.0);
            idx = findbankloc(hisi, s.n_tail_start, s.n_bmax, s.n_bf, INFINITY, s.bmaxg, s.n_bg);
            std::sort(idx.begin(), idx.end());
        } else {
            idx = fom_floating_taps(s, eq);
        }
    }
    MmseResult out;
    Eigen::VectorXd w;
    out.fom_db = eq.solve(idx, &w, &out.sigma_e);
    const int nw = static_cast<int>(w.size());
    out.c.resize(static_cast<std::size_t>(nw));
    for (int i = 0; i < nw; ++i) out.c[i] = w(i) / w(s.cmx);
    if (s.n_bg != 0) {
        // C(Nfix+1 : N_f+dw+1) = 0; C(idx - N_tail_start + 1 + Nfix) = Craw(Nfix + (1:N_bg N_bf))
        const RVec craw = out.c;
        const std::size_t zero_end = static_cast<std::size_t>(s.n_bmax + s.cmx + 1);
        if (out.c.size() < zero_end) out.c.resize(zero_end, 0.0);
        for (std::size_t i = static_cast<std::size_t>(nfix); i < zero_end; ++i) out.c[i] = 0.0;
        for (std::size_t k = 0; k < idx.size(); ++k) {
            const std::size_t pos = static_cast<std::size_t>(idx[k] - s.n_tail_start + nfix);
            if (pos >= out.c.size()) out.c.resize(pos + 1, 0.0);
            out.c[pos] = craw[static_cast<std::size_t>(nfix) + k];
        }
        out.floating = idx;
    }
    return out;
}

}  // namespace racklink::sigint::com_detail

namespace racklink::sigint::com_detail {

namespace {
// Sample i1 (1-based) of FFE(c, cmx, M, v): circular, as the reference's FFE; 0 beyond the end
// (the reference pads the pulse with zeros before reading the DFE cursors).
double ffe_sample(const RVec& c, int cmx, int M, const RVec& v, long i1) {
    const long np = static_cast<long>(v.size());
    if (i1 > np) return 0.0;
    double out = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
        if (c[k] == 0) continue;
        long src = (i1 - 1) - (static_cast<long>(k) - cmx) * M;
        src %= np;
        if (src < 0) src += np;
        out += v[src] * c[k];
    }
    return out;
}
}  // namespace

RxffeEval evaluate_rxffe(const ComParams& p, const MmseSpec& s, const RVec& sbr_in, long cursor_i, long peak_i,
                         const RVec& rn) {
    RxffeEval ev;
    ev.mmse = mmse_rn(s, rn, sbr_in, cursor_i);
    const int M = s.M, ndfe = p.ndfe;
    const RVec& c = ev.mmse.c;
    auto S = [&](long i1) { return ffe_sample(c, s.cmx, M, sbr_in, i1); };
    const double cursor = S(cursor_i);
    ev.a_p = S(peak_i);
    ev.a_s = p.r_lm * cursor / (p.levels - 1);  // 93A.1.6 c
    RVec dfec(ndfe), dfeq(ndfe), act(ndfe);
    for (int k = 1; k <= ndfe; ++k) dfec[k - 1] = S(cursor_i + static_cast<long>(M) * k);
    dfeq = dfec;
    if (p.dfe_delta != 0)
        for (int k = 0; k < ndfe; ++k)
            dfeq[k] = std::floor(std::fabs(dfec[k] / cursor) / p.dfe_delta) * p.dfe_delta *
                      sign(dfec[k]) * cursor;
    ev.bmax = p.bmax;
    ev.bmin = p.bmin;
    auto clip = [&]() {  // dfe_clipper
        for (int k = 0; k < ndfe; ++k) {
            double v = dfeq[k];
            if (dfeq[k] > cursor * ev.bmax[k]) v = cursor * ev.bmax[k];
            if (dfeq[k] < cursor * ev.bmin[k]) v = cursor * ev.bmin[k];
            act[k] = v;
        }
    };
    clip();
    ev.dfetaps.resize(ndfe);
    for (int k = 0; k < ndfe; ++k) ev.dfetaps[k] = act[k] / cursor;
    if (ndfe >= p.n_tail_start && p.n_tail_start != 0) {
        double t2 = 0;
        for (int k = p.n_tail_start - 1; k < ndfe; ++k) t2 += ev.dfetaps[k] * ev.dfetaps[k];
        ev.tail_rss = std::sqrt(t2);
        if (ev.tail_rss != 0 && ev.tail_rss >= p.b_float_rss_max)
            for (int k = p.n_tail_start - 1; k < ndfe; ++k) {
                const double sg = sign(ev.dfetaps[k]);
                ev.bmax[k] = std::min(ev.tail_rss, p.b_float_rss_max) * sg * ev.dfetaps[k] / ev.tail_rss;
                ev.bmin[k] = std::min(ev.tail_rss, p.b_float_rss_max) * -1 * sg * ev.dfetaps[k] / ev.tail_rss;
            }
        clip();
        for (int k = 0; k < ndfe; ++k) ev.dfetaps[k] = act[k] / cursor;
    }
    ev.excess = dfec;
    for (int k = 0; k < ndfe; ++k) ev.excess[k] -= act[k];
    return ev;
}

void rxffe_details(const ComParams& p, const MmseSpec& s, const RVec& sbr_in, long cursor_i, RxffeEval& ev) {
    const int M = s.M, ndfe = p.ndfe;
    const long np = static_cast<long>(sbr_in.size());
    auto S = [&](long i1) { return ffe_sample(ev.mmse.c, s.cmx, M, sbr_in, i1); };
    const double sigma_x = std::sqrt(sigma_x2(p.levels));
    const long need = cursor_i + static_cast<long>(M) * (ndfe + 1);
    double far2 = 0, pre2 = 0, exc2 = 0;
    for (long i = need; i <= np; i += M) far2 += S(i) * S(i);
    for (long i = cursor_i - M; i >= 1; i -= M) pre2 += S(i) * S(i);
    for (double v : ev.excess) exc2 += v * v;
    // h_J (93A-28) of the equalized pulse: samples so+1, so+1+M, ... minus so-1, ... (1-based)
    const long n = std::max(np, need);
    long so = cursor_i % M;
    if (so <= 1) so += M;
    ev.h_j.clear();
    if (p.limit_jitter_to_dfe_span) {
        ev.h_j = jitter_over_dfe_span(cursor_i, ndfe, M, np, S);
    } else {
        for (long i = so + 1; i <= n; i += M) ev.h_j.push_back((S(i) - S(i - 2)) / 2 * M);
    }
    double hj2 = 0;
    for (double v : ev.h_j) hj2 += v * v;
    ev.sigma_isi = sigma_x * std::sqrt(pre2 + exc2 + far2);  // 93A-31
    ev.isi_n = sigma_x * std::sqrt(far2);
    ev.sigma_j = std::hypot(p.a_dd_ui, p.sigma_rj_ui) * sigma_x * std::sqrt(hj2);  // 93A-32
}


// ---- FV-LMS receiver FFE (reference force, RXFFE_Illegal) -----------------------------------

FvLms::FvLms(const FvLmsSpec& s) : s_(s), n_(s.num_taps()) {
    const std::size_t n = static_cast<std::size_t>(n_);
    h_.assign(2 * n - 1, 0.0);
    a_.assign(n * n, 0.0);
    c_.assign(n, 0.0);
    raw_.assign(n, 0.0);
    piv_.assign(n, 0);
    floating_.reserve(static_cast<std::size_t>(s.n_bg * s.n_bf));
}

bool FvLms::solve(const RVec& sbr, long cursor_i, int M) {
    const int n = n_;
    const long np = static_cast<long>(sbr.size());
    // vsampled around ivs: the pulse at the phase of cursor_i, zero-padded on both sides
    for (int m = -(n - 1); m <= n - 1; ++m) {
        const long i = cursor_i + static_cast<long>(m) * M;
        h_[static_cast<std::size_t>(m + n - 1)] = i >= 1 && i <= np ? sbr[static_cast<std::size_t>(i - 1)] : 0.0;
    }
    return solve_samples(h_.data());
}

bool FvLms::solve_samples(const double* hs) {
    const int n = n_, cmx = s_.cmx;
    auto H = [&](int m) { return hs[m + n - 1]; };
    // VV'(i, j) = vsampled(ivs + i - j); the forcing vector FV (current_ffegain is 0 in force)
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) a_[static_cast<std::size_t>(i * n + j)] = H(i - j);
    std::fill(c_.begin(), c_.end(), 0.0);
    c_[static_cast<std::size_t>(cmx)] = H(0);
    if (s_.force_post1 && s_.solved_post() > 0) {
        const double h1 = H(1);
        c_[static_cast<std::size_t>(cmx + 1)] = std::min(s_.bmax1 * H(0), std::fabs(h1)) * sign(h1);
    }
    // C = VV' \ FV': LU with partial pivoting (first largest |pivot|, LAPACK dgetf2 order),
    // then the two triangular solves column by column (dgetrs / dtrsm).
    double* a = a_.data();
    for (int k = 0; k < n; ++k) {
        int pk = k;
        double best = std::fabs(a[k * n + k]);
        for (int i = k + 1; i < n; ++i)
            if (std::fabs(a[i * n + k]) > best) {
                best = std::fabs(a[i * n + k]);
                pk = i;
            }
        piv_[static_cast<std::size_t>(k)] = pk;
        if (pk != k)
            for (int j = 0; j < n; ++j) std::swap(a[k * n + j], a[pk * n + j]);
        const double inv = 1.0 / a[k * n + k];
        for (int i = k + 1; i < n; ++i) a[i * n + k] *= inv;
        for (int i = k + 1; i < n; ++i) {
            const double l = a[i * n + k];
            if (l == 0) continue;
            for (int j = k + 1; j < n; ++j) a[i * n + j] -= l * a[k * n + j];
        }
    }
    double* b = c_.data();
    for (int k = 0; k < n; ++k)
        if (piv_[static_cast<std::size_t>(k)] != k) std::swap(b[k], b[piv_[static_cast<std::size_t>(k)]]);
    for (int j = 0; j < n; ++j)
        if (b[j] != 0)
            for (int i = j + 1; i < n; ++i) b[i] -= b[j] * a[i * n + j];
    for (int j = n - 1; j >= 0; --j)
        if (b[j] != 0) {
            b[j] /= a[j * n + j];
            for (int i = 0; i < j; ++i) b[i] -= b[j] * a[i * n + j];
        }
    return finish(hs);
}

// force after the solve (shared by FV-LMS and WIENER-HOPF): c_ holds the solved taps.
bool FvLms::finish(const double* hs) {
    const int n = n_, cmx = s_.cmx;
    auto H = [&](int m) { return hs[m + n - 1]; };
    // Floating banks ("added for 4.2"): findbankloc on the taps (RXFFE FLOAT CTL = Taps) or on
    // the sampled pulse row VV(cmx+1, :) (ISI), from N_tail_start to N_f, before normalizing.
    floating_.clear();
    if (s_.n_bg != 0) {
        if (s_.float_on_taps) {
            floating_ = findbankloc(c_, s_.n_tail_start, s_.n_bmax, s_.n_bf, c_[static_cast<std::size_t>(cmx)], s_.bmaxg,
                                    s_.n_bg);
        } else {
            for (int i = 0; i < n; ++i) raw_[static_cast<std::size_t>(i)] = H(i - cmx);
            floating_ = findbankloc(raw_, s_.n_tail_start, s_.n_bmax, s_.n_bf, c_[static_cast<std::size_t>(cmx)], s_.bmaxg,
                                    s_.n_bg);
        }
        std::sort(floating_.begin(), floating_.end());
    }
    // RXFFE TAP CONSTRAINT: Unity Cursor divides by the main tap, anything else keeps C; then
    // quantization toward zero: floor(|C / step|) sign(C) step (r250)
    if (s_.unity_cursor) {
        const double main = c_[static_cast<std::size_t>(cmx)];
        for (double& v : c_) v = v / main;
    }
    if (s_.step != 0)
        for (double& v : c_) v = std::floor(std::fabs(v / s_.step)) * sign(v) * s_.step;
    if (!floating_.empty()) {
        // only the fixed taps and the banks survive (C1 of force)
        raw_ = c_;
        for (int i = cmx + s_.cpx + 1; i < n; ++i) c_[static_cast<std::size_t>(i)] = 0;
        for (int loc : floating_) c_[static_cast<std::size_t>(cmx + loc)] = raw_[static_cast<std::size_t>(cmx + loc)];
    }
    return !illegal();
}

// WIENER_HOPF_MMSE (reference, 4.30 .. 4.50; Cioffi, EE379A ch. 3, 3.7.3): the joint FFE + DFE
// MMSE solution w = R^-1 r_o for the symbol-spaced pulse h = vs (0-based),
//   R = sigma_s^2 [ T(r_hh)   H_yx ]  + [ T(R_n + R_xt)  0 ]      r_o = sigma_s^2 [ h(m + cmx - i) ]
//                 [ H_yx'     I    ]    [ 0              0 ]                     [ 0 (DFE rows)   ]
// with r_hh(l) = sum_j h(j) h(j + l), H_yx(i, k) = h(m + cmx - i + 1 + k) (k < N_b), m the index of
// the largest sample (the last one if repeated: the reference flips h and takes the first
// maximum), sigma_s^2 = mean([-1 -1/3 1/3 1].^2) = 5/9; without either noise term the FFE block
// gets white noise max(h)^2 sigma_s^2 10^(-FFE_SNR/10) on its diagonal. A first DFE weight beyond
// b_max(1) is clipped to it and the other weights re-solved in least squares from the normal
// equations (R_t' R_t)^-1 R_t' (r_o - R w_s); the FFE taps are scaled by h(ivs).
bool FvLms::solve_wh(const RVec& vs, long ivs, const RVec& rn) {
    const int n = n_, cmx = s_.cmx, nd = s_.ndfe, N = n + nd;
    const long L = static_cast<long>(vs.size());
    auto h = [&](long k) { return k >= 0 && k < L ? vs[static_cast<std::size_t>(k)] : 0.0; };
    long m = 0;
    for (long k = 1; k < L; ++k)
        if (vs[static_cast<std::size_t>(k)] >= vs[static_cast<std::size_t>(m)]) m = k;
    const double sv = (1.0 + 1.0 / 9 + 1.0 / 9 + 1.0) / 4;  // mean([-1, -1/3, 1/3, 1].^2)
    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(N, N);
    Eigen::VectorXd ro = Eigen::VectorXd::Zero(N);
    // r_hh(l), l < n: the whole pulse (xcorr(himp, himp, num_taps-1)); the zero padding adds
    // nothing, so the sums run over the samples between the first and the last nonzero one
    long j0 = 0, j1 = L;
    while (j0 < L && vs[static_cast<std::size_t>(j0)] == 0) ++j0;
    while (j1 > j0 && vs[static_cast<std::size_t>(j1 - 1)] == 0) --j1;
    for (int l = 0; l < n; ++l) {
        const double acc = l < j1 - j0 ? lagged_dot(vs.data() + j0, j1 - j0 - l, l).sum() : 0.0;
        for (int i = 0; i + l < n; ++i) R(i, i + l) = R(i + l, i) = acc;
    }
    for (int i = 0; i < n; ++i) {
        ro(i) = h(m + cmx - i);
        for (int k = 0; k < nd; ++k) R(i, n + k) = R(n + k, i) = h(m + cmx - i + 1 + k);
    }
    for (int k = 0; k < nd; ++k) R(n + k, n + k) = 1;
    ro *= sv;
    R *= sv;
    for (int i = 0; i < n && !rn.empty(); ++i)
        for (int j = 0; j < n; ++j) R(i, j) += rn[static_cast<std::size_t>(std::abs(i - j))];
    if (s_.white_snr) {
        const double noise_var = h(m) * h(m) * sv / std::pow(10.0, s_.ffe_snr_db / 10);
        for (int i = 0; i < n; ++i) R(i, i) += noise_var;
    }
    Eigen::VectorXd w = R.inverse() * ro;  // w = inv(R) * ro
    if (nd > 0 && std::fabs(w(n)) > s_.bmax1) {
        Eigen::VectorXd ws = Eigen::VectorXd::Zero(N);
        ws(n) = sign(w(n)) * s_.bmax1;
        const Eigen::VectorXd rt = ro - R * ws;
        Eigen::MatrixXd Rt(N, N - 1);
        Rt << R.leftCols(n), R.rightCols(N - n - 1);
        const Eigen::VectorXd wp = (Rt.transpose() * Rt).inverse() * (Rt.transpose() * rt);
        for (int i = 0; i < n; ++i) ws(i) = wp(i);
        for (int i = n + 1; i < N; ++i) ws(i) = wp(i - 1);
        w = ws;
    }
    const double target = vs[static_cast<std::size_t>(ivs)];
    for (int i = 0; i < n; ++i) c_[static_cast<std::size_t>(i)] = w(i) * target;
    for (int mm = -(n - 1); mm <= n - 1; ++mm) h_[static_cast<std::size_t>(mm + n - 1)] = h(ivs + mm);
    return finish(h_.data());
}

RVec wh_noise_xc(const CVec& hx, double eta0_v2_per_ghz, double f_last_hz, int M, bool white) {
    // ifft(|H|^2, 2N, 'symmetric'): bins 0 .. N-1 given, bin N zero (padding), mirrored above.
    const std::size_t nh = hx.size(), nfft = 2 * nh;
    RVec y(nh);
    for (std::size_t k = 0; k < nh; ++k) y[k] = std::norm(hx[k]);
    const double var_eta0 = eta0_v2_per_ghz * f_last_hz / 1e9;
    RVec out;
    for (std::size_t t = 0; t < nh; t += static_cast<std::size_t>(M)) {
        double acc = y[0];
        for (std::size_t k = 1; k < nh; ++k)
            acc += 2 * y[k] * std::cos(2 * kPi * static_cast<double>((k * t) % nfft) / static_cast<double>(nfft));
        out.push_back(var_eta0 * acc / static_cast<double>(nfft));
        if (white) break;
    }
    return out;
}

void wh_xt_autocorr(const RVec& ctle_imp, bool fext, const RVec& txffe, int rx_cmx, int M, int levels, RVec& acc) {
    const RVec ch = running_sum(fext ? ffe_circ(txffe, rx_cmx, M, ctle_imp) : ctle_imp, M);
    const std::size_t len = ch.size(), mm = static_cast<std::size_t>(M);
    // sampling phase with the largest norm (the first if repeated, as max)
    std::size_t best = 0;
    double best_n = -1;
    for (std::size_t ph = 0; ph < mm && ph < len; ++ph) {
        double s2 = 0;
        for (std::size_t j = ph; j < len; j += mm) s2 += ch[j] * ch[j];
        const double nrm = std::sqrt(s2);
        if (nrm > best_n) {
            best_n = nrm;
            best = ph;
        }
    }
    RVec d;
    for (std::size_t j = best; j < len; j += mm) d.push_back(ch[j]);
    const double tx_sigma = std::sqrt((levels * levels - 1.0) / (3.0 * (levels - 1.0) * (levels - 1.0)));
    const double tx_sigma2 = tx_sigma * tx_sigma;  // Tx_sigma^2 as the reference forms it
    for (std::size_t l = 0; l < acc.size(); ++l) {
        double s = 0;
        for (std::size_t j = 0; j + l < d.size(); ++j) s += d[j + l] * d[j];
        acc[l] += s * tx_sigma2;
    }
}

// RXFFE_Illegal: main tap below ffe_main_cursor_min, |first pre/post tap| above its limit, or
// any further tap above ffe_tapn_max (the reference counts the taps over the limit).
bool FvLms::illegal() const {
    const int cur = s_.cmx;
    if (c_[static_cast<std::size_t>(cur)] < s_.main_min) return true;
    if (s_.cpx != 0) {
        if (std::fabs(c_[static_cast<std::size_t>(cur + 1)]) > s_.post1_max) return true;
        if (s_.cpx > 1)
            for (int i = cur + 2; i < n_; ++i)
                if (std::fabs(c_[static_cast<std::size_t>(i)]) > s_.tapn_max) return true;
    }
    if (s_.cmx != 0) {
        if (std::fabs(c_[static_cast<std::size_t>(cur - 1)]) > s_.pre1_max) return true;
        if (s_.cmx > 1)
            for (int i = 0; i <= cur - 2; ++i)
                if (std::fabs(c_[static_cast<std::size_t>(i)]) > s_.tapn_max) return true;
    }
    return false;
}

namespace {
// r(d) = sum_i c_i c_(i+d), d < nr, into r (size nr)
void tap_autocorr(const RVec& c, int nr, double* r) {
    for (int d = 0; d < nr; ++d) {
        double acc = 0;
        for (int i = 0; i + d < nr; ++i) acc += c[static_cast<std::size_t>(i)] * c[static_cast<std::size_t>(i + d)];
        r[d] = acc;
    }
}
constexpr int kMaxRxTaps = 256;
}  // namespace

void rx_noise_weights(const CVec& hr_hctf, const RVec& f, const RVec& cos_table, int nr, RVec& w) {
    const std::size_t nf = f.size();
    w.assign(static_cast<std::size_t>(nr), 0.0);
    for (int d = 0; d < nr; ++d) {
        const double* cs = cos_table.data() + static_cast<std::size_t>(d) * nf;
        double acc = 0;
        for (std::size_t k = 1; k < nf; ++k) acc += std::norm(hr_hctf[k]) * cs[k] * (f[k] - f[k - 1]) / 1e9;
        w[static_cast<std::size_t>(d)] = acc;
    }
}

double rxffe_noise_gain(const RVec& c, int nr, const RVec& w) {
    double r[kMaxRxTaps] = {};
    tap_autocorr(c, nr, r);
    double g = r[0] * w[0];
    for (int d = 1; d < nr; ++d) g += 2 * r[d] * w[static_cast<std::size_t>(d)];
    return g;
}

void rxffe_magnitude(const RVec& c, int nr, const RVec& cos_table, std::size_t nf, std::size_t n, RVec& out) {
    double r[kMaxRxTaps] = {};
    tap_autocorr(c, nr, r);
    out.assign(n, r[0]);
    for (int d = 1; d < nr; ++d) {
        const double rd = 2 * r[d];
        const double* cs = cos_table.data() + static_cast<std::size_t>(d) * nf;
        for (std::size_t k = 0; k < n; ++k) out[k] += rd * cs[k];
    }
    for (double& v : out) v = std::sqrt(std::max(v, 0.0));
}

}  // namespace racklink::sigint::com_detail
