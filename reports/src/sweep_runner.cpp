// The parallel grid runner: thread pool over grid indices, deterministic result placement,
// progress, checkpoint/resume and the HDF5 result file.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <thread>

#include "reports/atomic_file.hpp"
#include "reports/format.hpp"
#include "reports/hdf5_writer.hpp"
#include "reports/sweep.hpp"
#include "sigint/cpus.hpp"

namespace racklink::reports {

namespace {

// Per-point state in the checkpoint and while running.
enum PointState : std::uint8_t { kPending = 0, kOk = 1, kInfeasible = 2, kFailed = 3 };

constexpr char kCheckpointMagic[8] = {'R', 'L', 'S', 'W', 'C', 'K', 'P', '1'};

bool file_exists(const std::string& p) {
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

template <typename T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
bool get(const std::string& in, std::size_t& pos, T& v) {
    if (pos + sizeof v > in.size()) return false;
    std::memcpy(&v, in.data() + pos, sizeof v);
    pos += sizeof v;
    return true;
}

std::string format_duration(double s) {
    if (!std::isfinite(s) || s < 0) return "--:--";
    long t = static_cast<long>(std::lround(s));
    char buf[32];
    if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
    else std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
    return buf;
}

std::string join(const std::vector<SweepParam>& ps) {
    std::string s;
    for (const auto& p : ps) s += (s.empty() ? "" : ",") + p.name;
    return s;
}

}  // namespace

std::string_view to_string(SweepStatus s) {
    switch (s) {
        case SweepStatus::ok: return "ok";
        case SweepStatus::interrupted: return "interrupted";
        case SweepStatus::invalid_input: return "invalid_input";
        case SweepStatus::io_error: return "io_error";
    }
    return "?";
}

std::string SweepOptions::validate() const {
    if (!(checkpoint_interval_s > 0.0)) return "checkpoint interval must be > 0 s";
    if (resume && output_path.empty() && checkpoint_path.empty())
        return "--resume needs an output or checkpoint path";
    return {};
}

SweepResult run_sweep(const Study& st, const EvalFn& eval, const SweepOptions& opt) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    SweepResult r;
    auto invalid = [&](std::string m) {
        r.status = SweepStatus::invalid_input;
        r.message = std::move(m);
        return r;
    };
    if (std::string e = opt.validate(); !e.empty()) return invalid(e);
    if (st.params.empty()) return invalid("the study sweeps no parameter");
    if (st.outputs.empty()) return invalid("the study records no output");
    if (!eval) return invalid("no evaluator");
    const std::size_t n = st.size(), m = st.outputs.size();
    r.points = n;
    r.outputs.assign(m, std::vector<double>(n, std::numeric_limits<double>::quiet_NaN()));
    r.feasible.assign(n, 0);
    std::unique_ptr<std::atomic<std::uint8_t>[]> state(new std::atomic<std::uint8_t>[n]);
    for (std::size_t i = 0; i < n; ++i) state[i].store(kPending, std::memory_order_relaxed);

    const std::string ckpt = !opt.checkpoint_path.empty() ? opt.checkpoint_path
                             : opt.output_path.empty()   ? std::string()
                                                         : opt.output_path + ".ckpt";
    const std::uint64_t fp = st.fingerprint();

    // Resume: load completed points from the checkpoint.
    if (opt.resume && !ckpt.empty() && file_exists(ckpt)) {
        std::string data;
        try {
            data = read_file(ckpt);
        } catch (const std::exception& e) {
            r.status = SweepStatus::io_error;
            r.message = e.what();
            return r;
        }
        std::size_t pos = 0;
        std::uint64_t f = 0, cn = 0, cm = 0, count = 0;
        bool ok = data.size() >= 8 && std::memcmp(data.data(), kCheckpointMagic, 8) == 0;
        pos = 8;
        ok = ok && get(data, pos, f) && get(data, pos, cn) && get(data, pos, cm) &&
             get(data, pos, count);
        if (!ok) return invalid(ckpt + ": not a racklink sweep checkpoint");
        if (f != fp || cn != n || cm != m)
            return invalid(ckpt + ": checkpoint belongs to a different study (parameters, "
                                  "constraints or outputs changed); delete it to start over");
        for (std::uint64_t k = 0; k < count; ++k) {
            std::uint64_t idx = 0;
            std::uint8_t s = 0;
            if (!get(data, pos, idx) || !get(data, pos, s) || idx >= n || s == kPending || s > 3)
                return invalid(ckpt + ": checkpoint is truncated or corrupt");
            for (std::size_t j = 0; j < m; ++j)
                if (!get(data, pos, r.outputs[j][idx]))
                    return invalid(ckpt + ": checkpoint is truncated or corrupt");
            state[idx].store(s, std::memory_order_relaxed);
            r.feasible[idx] = s != kInfeasible;
            if (s == kInfeasible) ++r.infeasible;
            if (s == kFailed) ++r.failed;
            ++r.resumed;
        }
    }

    std::string resume_note;
    if (opt.resume && !ckpt.empty() && r.resumed == 0)
        resume_note = "no checkpoint at " + ckpt + "; the full grid was evaluated";

    std::vector<std::size_t> pending;
    pending.reserve(n - r.resumed);
    for (std::size_t i = 0; i < n; ++i)
        if (state[i].load(std::memory_order_relaxed) == kPending) pending.push_back(i);

    unsigned threads = opt.threads ? opt.threads : sigint::available_cpus();
    if (threads == 0) threads = 1;
    if (threads > pending.size()) threads = static_cast<unsigned>(std::max<std::size_t>(1, pending.size()));
    const std::size_t chunk =
        std::clamp<std::size_t>(pending.size() / (static_cast<std::size_t>(threads) * 32), 1, 256);

    std::atomic<std::size_t> next{0}, completed{0}, infeasible{0}, failed{0};
    std::atomic<unsigned> active{threads};
    std::mutex mu;
    std::condition_variable cv;
    std::string first_failure;
    auto stopping = [&] { return opt.stop && opt.stop->load(std::memory_order_relaxed); };

    auto worker = [&] {
        while (!stopping()) {
            std::size_t b = next.fetch_add(chunk);
            if (b >= pending.size()) break;
            std::size_t e = std::min(pending.size(), b + chunk);
            for (std::size_t i = b; i < e && !stopping(); ++i) {
                std::size_t idx = pending[i];
                std::vector<double> vals = st.point_values(idx);
                std::uint8_t s = kOk;
                if (!st.feasible(vals)) {
                    s = kInfeasible;
                    infeasible.fetch_add(1);
                } else {
                    try {
                        std::vector<double> out = eval(Point(&st.params, std::move(vals), idx));
                        if (out.size() != m)
                            throw std::runtime_error("evaluator returned " +
                                                     std::to_string(out.size()) + " values for " +
                                                     std::to_string(m) + " outputs");
                        for (std::size_t j = 0; j < m; ++j) r.outputs[j][idx] = out[j];
                    } catch (const std::exception& ex) {
                        s = kFailed;
                        if (failed.fetch_add(1) == 0) {
                            std::lock_guard<std::mutex> lock(mu);
                            first_failure = "point " + std::to_string(idx) + ": " + ex.what();
                        }
                    }
                }
                r.feasible[idx] = s != kInfeasible;
                state[idx].store(s, std::memory_order_release);
                completed.fetch_add(1, std::memory_order_relaxed);
            }
        }
        if (active.fetch_sub(1) == 1) {
            std::lock_guard<std::mutex> lock(mu);
            cv.notify_all();
        }
    };

    auto write_checkpoint = [&] {
        std::string out(kCheckpointMagic, 8);
        put(out, fp);
        put(out, static_cast<std::uint64_t>(n));
        put(out, static_cast<std::uint64_t>(m));
        std::size_t count_pos = out.size();
        put(out, std::uint64_t{0});
        std::uint64_t count = 0;
        for (std::size_t i = 0; i < n; ++i) {
            std::uint8_t s = state[i].load(std::memory_order_acquire);
            if (s == kPending) continue;
            put(out, static_cast<std::uint64_t>(i));
            put(out, s);
            for (std::size_t j = 0; j < m; ++j) put(out, r.outputs[j][i]);
            ++count;
        }
        std::memcpy(out.data() + count_pos, &count, sizeof count);
        write_file_atomic(ckpt, out);
    };

    auto progress = [&](bool final_line) {
        if (!opt.progress) return;
        std::size_t done = completed.load() + r.resumed;
        double el = std::chrono::duration<double>(Clock::now() - t0).count();
        double rate = el > 0 ? static_cast<double>(completed.load()) / el : 0.0;
        double eta = rate > 0 ? static_cast<double>(n - done) / rate : NAN;
        char buf[160];
        std::snprintf(buf, sizeof buf, "sweep: %zu/%zu points (%.1f %%), %s points/s, ETA %s",
                      done, n, 100.0 * static_cast<double>(done) / static_cast<double>(n),
                      format_number(rate, 3).c_str(), format_duration(eta).c_str());
        if (opt.progress_tty) *opt.progress << "\r" << buf << "\033[K" << (final_line ? "\n" : "");
        else *opt.progress << buf << "\n";
        opt.progress->flush();
    };

    std::vector<std::thread> pool;
    try {
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    } catch (const std::system_error&) {
        // Could not start more threads: the ones running finish the grid.
        active.fetch_sub(threads - static_cast<unsigned>(pool.size()));
        if (pool.empty()) worker();
    }
    auto last_ckpt = Clock::now(), last_line = Clock::now();
    // Checkpoints rewrite every completed point; keep them under ~10 % of the run time.
    double ckpt_interval_s = opt.checkpoint_interval_s;
    std::size_t ckpt_done = 0;
    std::string io_error;
    {
        std::unique_lock<std::mutex> lock(mu);
        while (active.load() > 0) {
            cv.wait_for(lock, std::chrono::milliseconds(100));
            lock.unlock();
            auto now = Clock::now();
            if (opt.progress_tty || now - last_line >= std::chrono::seconds(10)) {
                if (opt.progress_tty || completed.load() < pending.size()) progress(false);
                last_line = now;
            }
            if (!ckpt.empty() && completed.load() != ckpt_done &&
                std::chrono::duration<double>(now - last_ckpt).count() >= ckpt_interval_s) {
                try {
                    ckpt_done = completed.load();
                    write_checkpoint();
                } catch (const std::exception& e) {
                    io_error = e.what();
                }
                last_ckpt = Clock::now();
                double took = std::chrono::duration<double>(last_ckpt - now).count();
                ckpt_interval_s = std::max(opt.checkpoint_interval_s, 10.0 * took);
            }
            lock.lock();
        }
    }
    for (auto& t : pool) t.join();
    if (opt.progress_tty) progress(true);

    r.evaluated = completed.load();
    r.infeasible += infeasible.load();
    r.failed += failed.load();
    r.first_failure = first_failure;
    r.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const bool complete = r.evaluated + r.resumed == n;

    if (!complete) {
        r.status = SweepStatus::interrupted;
        if (ckpt.empty()) {
            r.message = "interrupted after " + std::to_string(r.evaluated + r.resumed) + "/" +
                        std::to_string(n) + " points (no checkpoint path)";
            return r;
        }
        try {
            write_checkpoint();
        } catch (const std::exception& e) {
            r.status = SweepStatus::io_error;
            r.message = std::string("interrupted, and the checkpoint failed: ") + e.what();
            return r;
        }
        r.message = "interrupted after " + std::to_string(r.evaluated + r.resumed) + "/" +
                    std::to_string(n) + " points; checkpoint " + ckpt +
                    " written; rerun with --resume to continue";
        return r;
    }

    if (!opt.output_path.empty()) {
        try {
            H5Writer w(opt.output_path, "racklink.sweep", 1);
            w.set_attribute("/", "study", st.text);
            w.set_attribute("/", "study_file", st.file);
            w.set_attribute("/", "title", st.title);
            w.set_attribute("/", "evaluator", st.evaluator);
            w.set_attribute("/", "points", static_cast<std::int64_t>(n));
            w.set_attribute("/", "infeasible_points", static_cast<std::int64_t>(r.infeasible));
            w.set_attribute("/", "failed_points", static_cast<std::int64_t>(r.failed));
            if (!opt.racklink_version.empty())
                w.set_attribute("/", "racklink_version", opt.racklink_version);
            std::vector<std::string> names;
            for (const auto& p : st.params) names.push_back(p.name);
            w.write_strings("/parameters", names);
            std::vector<std::string> cons;
            for (const auto& c : st.constraints) cons.push_back(c.text);
            w.write_strings("/constraints", cons);
            for (std::size_t k = 0; k < st.params.size(); ++k) {
                const auto& p = st.params[k];
                std::string path = "/axes/" + h5_name(p.name);
                w.write_dataset(path, p.values, {}, p.unit);
                w.set_attribute(path, "dimension_index", static_cast<std::int64_t>(k));
            }
            const std::vector<std::size_t> shape = st.shape();
            for (std::size_t j = 0; j < m; ++j) {
                std::string path = "/outputs/" + h5_name(st.outputs[j].name);
                w.write_dataset(path, r.outputs[j], shape,
                                st.outputs[j].unit.empty() ? "1" : st.outputs[j].unit);
                w.set_attribute(path, "dimensions", join(st.params));
            }
            w.write_mask("/feasible", r.feasible, shape);
            w.set_attribute("/feasible", "dimensions", join(st.params));
            w.commit();
        } catch (const std::exception& e) {
            r.status = SweepStatus::io_error;
            r.message = e.what();
            if (!ckpt.empty()) {
                // the evaluated grid is not lost: it goes to the checkpoint, and the user is told
                try {
                    write_checkpoint();
                    r.message += "; the evaluated points are kept in " + ckpt +
                                 " (rerun with --resume to write the output without re-evaluating)";
                } catch (const std::exception&) {
                }
            }
            return r;
        }
    }
    if (!ckpt.empty()) std::remove(ckpt.c_str());
    r.message = resume_note;
    if (!io_error.empty()) r.message = "warning: a periodic checkpoint failed: " + io_error;
    return r;
}

}  // namespace racklink::reports
