#include "graphs/fleet.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "sigint/cpus.hpp"

namespace racklink::graphs {

namespace {
constexpr double kHoursPerMonth = 730.5;  // mean Julian month, 365.25 * 24 / 12

using MinHeap = std::priority_queue<double, std::vector<double>, std::greater<>>;

struct Event {
    double t;
    uint32_t rack;
    uint32_t part;
};

struct ClassAcc {
    uint64_t events = 0;
    double repair_sum = 0, spare_wait = 0, crew_wait = 0, factory_wait = 0;
    std::vector<double> repair_times;
};

struct RepResult {
    uint64_t events = 0, outages = 0, stockouts = 0;
    double down_total = 0, gpu_hours_lost = 0;
    std::vector<double> down_per_rack;  // seconds
    std::vector<double> repair_times;   // seconds
    std::vector<ClassAcc> classes;
};

RepResult run_one(const std::vector<FleetRepair>& repairs, const std::vector<FleetPart>& parts,
                  const FleetOptions& o, uint32_t rep) {
    std::mt19937_64 rng(stream_seed(o.seed, rep));
    const double horizon = o.years * kSecondsPerYear;
    std::vector<double> cum;
    double total = 0;
    for (const FleetPart& p : parts) cum.push_back(total += p.count * p.failure_rate_per_s);

    // Failure times: each rack a Poisson process of the summed rate; the part by its share.
    std::vector<Event> ev;
    ev.reserve(static_cast<std::size_t>(1.1 * total * horizon * o.racks) + 16);
    if (total > 0)
        for (uint32_t r = 0; r < o.racks; ++r)
            for (double t = exponential_sample(rng, total); t < horizon;
                 t += exponential_sample(rng, total)) {
                double u = uniform01(rng) * total;
                auto it = std::upper_bound(cum.begin(), cum.end(), u);
                uint32_t part = static_cast<uint32_t>(
                    std::min<std::ptrdiff_t>(it - cum.begin(), std::ssize(cum) - 1));
                ev.push_back({t, r, part});
            }
    std::sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) {
        return a.t < b.t || (a.t == b.t && a.rack < b.rack);
    });

    // Resources. Spare pool: times at which each shelf unit is (or will be) available.
    std::vector<MinHeap> pool(repairs.size());
    for (std::size_t c = 0; c < repairs.size(); ++c)
        for (uint32_t s = 0; s < repairs[c].spares; ++s) pool[c].push(0.0);
    MinHeap crews, factory;
    for (uint32_t i = 0; i < o.crews; ++i) crews.push(0.0);
    for (uint32_t i = 0; i < o.factory_slots; ++i) factory.push(0.0);

    RepResult res;
    res.down_per_rack.assign(o.racks, 0.0);
    res.classes.resize(repairs.size());
    res.repair_times.reserve(ev.size());
    std::vector<double> down_until(o.racks, 0.0);
    for (const Event& e : ev) {
        const FleetPart& part = parts[e.part];
        const FleetRepair& fr = repairs[part.repair_class];
        const RepairClass& rc = fr.repair;
        ClassAcc& acc = res.classes[part.repair_class];
        double pre = 0, hands = 0;
        for (std::size_t s = 0; s < rc.steps.size(); ++s)
            (s < rc.hands_on_from ? pre : hands) += rc.steps[s].time.sample(rng);
        double ready = e.t + pre;
        if (rc.needs_spare || part.needs_spare) {
            double lead = rc.restock ? rc.restock->sample(rng) : 0.0;
            double avail = ready + lead;  // empty shelf: wait for this demand's own reorder
            if (!pool[part.repair_class].empty()) {
                avail = pool[part.repair_class].top();
                pool[part.repair_class].pop();
                pool[part.repair_class].push(ready + lead);  // one-for-one reorder
            }
            if (avail > ready) {
                ++res.stockouts;
                acc.spare_wait += avail - ready;
                ready = avail;
            }
        }
        double end;
        if (rc.factory) {
            double start = ready;
            if (!factory.empty()) {
                start = std::max(ready, factory.top());
                factory.pop();
            }
            acc.factory_wait += start - ready;
            end = start + hands;
            if (o.factory_slots) factory.push(end);
        } else {
            double start = ready;
            if (rc.needs_crew && !crews.empty()) {
                start = std::max(ready, crews.top());
                crews.pop();
                crews.push(start + hands);
            }
            acc.crew_wait += start - ready;
            end = start + hands;
        }
        double end_c = std::min(end, horizon);
        double dur = end - e.t;
        ++res.events;
        ++acc.events;
        acc.repair_sum += dur;
        acc.repair_times.push_back(dur);
        res.repair_times.push_back(dur);
        if (part.outage || rc.factory) {
            ++res.outages;
            // Union of outage intervals per rack (events arrive in start order).
            double add = std::max(0.0, end_c - std::max(e.t, down_until[e.rack]));
            down_until[e.rack] = std::max(down_until[e.rack], end_c);
            res.down_per_rack[e.rack] += add;
            res.gpu_hours_lost += add / kSecondsPerHour * o.gpus_per_rack;
        } else {
            res.gpu_hours_lost += (end_c - e.t) / kSecondsPerHour * part.gpus_lost;
        }
    }
    for (double d : res.down_per_rack) res.down_total += d;
    return res;
}

double quantile_of(std::vector<double>& v, double p) {
    if (v.empty()) return 0.0;
    // Nearest-rank quantile on a sorted copy (the vectors are sorted once by the caller).
    std::size_t i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
}

struct MeanHalf {
    double mean = 0, half = 0;
};
MeanHalf mean_t95(const std::vector<double>& xs) {
    MeanHalf m;
    for (double x : xs) m.mean += x;
    m.mean /= static_cast<double>(xs.size());
    if (xs.size() < 2) return m;
    double v = 0;
    for (double x : xs) v += (x - m.mean) * (x - m.mean);
    v /= static_cast<double>(xs.size() - 1);
    m.half = student_t95(static_cast<uint32_t>(xs.size() - 1)) *
             std::sqrt(v / static_cast<double>(xs.size()));
    return m;
}
}  // namespace

double student_t95(uint32_t dof) {
    // Two-sided 95 % quantiles t_{0.975, dof} (Abramowitz & Stegun, table 26.10).
    static constexpr double t[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                   2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                   2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                   2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (dof == 0) return 0.0;
    if (dof <= 30) return t[dof - 1];
    if (dof <= 60) return 2.000;
    if (dof <= 120) return 1.980;
    return 1.960;
}

std::string FleetOptions::check() const {
    if (racks < 1) return "the fleet needs at least one rack";
    if (!(years > 0) || !std::isfinite(years)) return "the simulated years must be > 0";
    if (replications < 2) return "at least 2 replications are needed for a confidence interval";
    if (gpus_per_rack < 0) return "GPUs per rack must be >= 0";
    return "";
}

FleetResult simulate_fleet(const std::vector<FleetRepair>& repairs,
                           const std::vector<FleetPart>& parts, const FleetOptions& o) {
    FleetResult out;
    if (std::string e = o.check(); !e.empty()) {
        out.message = e;
        return out;
    }
    for (const FleetPart& p : parts) {
        if (!(p.failure_rate_per_s >= 0) || !std::isfinite(p.failure_rate_per_s) ||
            !(p.count >= 0)) {
            out.message = fmt::format("part '{}': the failure rate and count must be >= 0", p.name);
            return out;
        }
        if (p.repair_class >= repairs.size()) {
            out.message = fmt::format("part '{}': no repair class", p.name);
            return out;
        }
    }
    for (const FleetRepair& r : repairs)
        for (const RepairStep& s : r.repair.steps)
            if (std::string e = s.time.check(); !e.empty()) {
                out.message = fmt::format("repair '{}', step '{}': {}", r.repair.name, s.name, e);
                return out;
            }

    std::vector<RepResult> reps(o.replications);
    uint32_t nthreads = o.threads ? o.threads : sigint::available_cpus();
    nthreads = std::min(nthreads, o.replications);
    std::vector<std::thread> pool;
    for (uint32_t th = 0; th < nthreads; ++th)
        pool.emplace_back([&, th] {
            for (uint32_t r = th; r < o.replications; r += nthreads)
                reps[r] = run_one(repairs, parts, o, r);
        });
    for (std::thread& t : pool) t.join();

    const double months = o.years * kSecondsPerYear / kSecondsPerHour / kHoursPerMonth;
    const double horizon = o.years * kSecondsPerYear;
    std::vector<double> epm, avail, down_all, rt_all;
    double outages = 0, gpu_lost = 0;
    for (const RepResult& r : reps) {
        epm.push_back(static_cast<double>(r.events) / months);
        avail.push_back(1 - r.down_total / (horizon * o.racks));
        outages += static_cast<double>(r.outages) / months;
        gpu_lost += r.gpu_hours_lost / (o.racks * o.years);
        out.events += r.events;
        out.stockouts += r.stockouts;
        for (double d : r.down_per_rack) down_all.push_back(d / kSecondsPerHour);
        for (double d : r.repair_times) rt_all.push_back(d / kSecondsPerHour);
    }
    const double nrep = o.replications;
    MeanHalf e = mean_t95(epm), a = mean_t95(avail);
    out.events_per_month = e.mean;
    out.events_per_month_ci95 = e.half;
    out.availability = a.mean;
    out.availability_ci95 = a.half;
    out.outages_per_month = outages / nrep;
    out.gpu_hours_lost_per_rack_year = gpu_lost / nrep;
    std::sort(down_all.begin(), down_all.end());
    std::sort(rt_all.begin(), rt_all.end());
    double sd = 0, sr = 0;
    for (double d : down_all) sd += d;
    for (double d : rt_all) sr += d;
    out.downtime_per_rack_mean_h = down_all.empty() ? 0 : sd / down_all.size();
    out.downtime_per_rack_p50_h = quantile_of(down_all, 0.50);
    out.downtime_per_rack_p95_h = quantile_of(down_all, 0.95);
    out.downtime_per_rack_p99_h = quantile_of(down_all, 0.99);
    out.repair_time_mean_h = rt_all.empty() ? 0 : sr / rt_all.size();
    out.repair_time_p50_h = quantile_of(rt_all, 0.50);
    out.repair_time_p95_h = quantile_of(rt_all, 0.95);
    out.repair_time_p99_h = quantile_of(rt_all, 0.99);
    for (std::size_t c = 0; c < repairs.size(); ++c) {
        FleetClassResult cr;
        cr.name = repairs[c].repair.name;
        ClassAcc all;
        for (const RepResult& r : reps) {
            const ClassAcc& x = r.classes[c];
            all.events += x.events;
            all.repair_sum += x.repair_sum;
            all.spare_wait += x.spare_wait;
            all.crew_wait += x.crew_wait;
            all.factory_wait += x.factory_wait;
            all.repair_times.insert(all.repair_times.end(), x.repair_times.begin(),
                                    x.repair_times.end());
        }
        cr.events_per_month = static_cast<double>(all.events) / months / nrep;
        if (all.events) {
            double n = static_cast<double>(all.events) * kSecondsPerHour;
            cr.repair_time_mean_h = all.repair_sum / n;
            cr.spare_wait_mean_h = all.spare_wait / n;
            cr.crew_wait_mean_h = all.crew_wait / n;
            cr.factory_wait_mean_h = all.factory_wait / n;
            std::sort(all.repair_times.begin(), all.repair_times.end());
            cr.repair_time_p95_h = quantile_of(all.repair_times, 0.95) / kSecondsPerHour;
        }
        out.classes.push_back(std::move(cr));
    }
    out.ok = true;
    return out;
}

}  // namespace racklink::graphs
