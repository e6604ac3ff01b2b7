#!/usr/bin/python3
"""Straightforward NumPy implementation of the fleet Monte Carlo model that
bench/reliability_bench.cpp times (same parts, rates, repair steps, spare pool with
one-for-one reorders, factory return, unlimited crews), for the speed comparison in
bench/reliability_bench.sh. Event generation, part choice and step sampling are vectorized;
the spare pool is a sequential heap loop over the events that need a spare.

usage: numpy_fleet.py [racks] [years] [replications]
"""
import heapq
import sys
import time

import numpy as np

FIT = 1e-9 / 3600.0
H = 3600.0
YEAR = 365.25 * 24 * 3600.0

# name, count per rack, FIT, repair class, outage
PARTS = [("gpu_package", 144, 10000, 0, False), ("cpu", 72, 500, 0, False),
         ("compute_blade", 72, 3000, 0, False), ("switch_chip", 144, 600, 0, False),
         ("switch_blade", 72, 2000, 0, False), ("midplane", 4, 300, 2, True),
         ("link", 10368, 10, 1, False), ("psu", 36, 1500, 3, False)]
BLADE_SPARES = 400
BLADE_RESTOCK = 24 * 7 * H


def lognormal(rng, median, sigma, n):
    return median * np.exp(sigma * rng.standard_normal(n))


def triangular(rng, lo, mode, hi, n):
    return rng.triangular(lo, mode, hi, n)


def sample_steps(rng, cls, n):
    """(pre, hands-on) times of n repairs of class cls, as in reliability_bench.cpp."""
    if cls == 0:
        pre = lognormal(rng, 600, 0.5, n) + 1800
        hands = triangular(rng, 1800, 3600, 7200, n) + 2 * H
    elif cls == 1:
        pre = rng.exponential(1800, n)
        hands = rng.uniform(1800, 5400, n)
    elif cls == 2:
        pre = np.full(n, 3600.0)
        hands = rng.uniform(14 * 24 * H, 28 * 24 * H, n)
    else:
        pre = np.zeros(n)
        hands = lognormal(rng, 1800, 0.4, n)
    return pre, hands


def replication(racks, years, seed):
    rng = np.random.default_rng(seed)
    horizon = years * YEAR
    rates = np.array([c * f * FIT for _, c, f, _, _ in PARTS])
    total = rates.sum()
    counts = rng.poisson(total * horizon, racks)
    n = counts.sum()
    rack = np.repeat(np.arange(racks), counts)
    t = rng.uniform(0, horizon, n)
    part = np.searchsorted(np.cumsum(rates), rng.uniform(0, total, n), side="right")
    part = np.minimum(part, len(PARTS) - 1)
    order = np.argsort(t, kind="stable")
    t, rack, part = t[order], rack[order], part[order]
    cls = np.array([p[3] for p in PARTS])[part]
    outage = np.array([p[4] for p in PARTS])[part]
    end = np.empty(n)
    for c in range(4):
        idx = np.nonzero(cls == c)[0]
        pre, hands = sample_steps(rng, c, idx.size)
        ready = t[idx] + pre
        if c == 0:  # spare pool, (S-1, S): sequential
            shelf = [0.0] * BLADE_SPARES
            heapq.heapify(shelf)
            for j in range(idx.size):
                avail = heapq.heappop(shelf)
                heapq.heappush(shelf, ready[j] + BLADE_RESTOCK)
                if avail > ready[j]:
                    ready[j] = avail
        end[idx] = ready + hands
    down = np.zeros(racks)
    until = np.zeros(racks)
    for j in np.nonzero(outage)[0]:
        r = rack[j]
        e = min(end[j], horizon)
        down[r] += max(0.0, e - max(t[j], until[r]))
        until[r] = max(until[r], e)
    months = years * YEAR / H / 730.5
    return n / months, 1 - down.sum() / (horizon * racks), (end - t) / H


def main():
    racks = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    years = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    t0 = time.perf_counter()
    epm, av, rt = [], [], []
    for r in range(reps):
        e, a, times = replication(racks, years, 1000 + r)
        epm.append(e)
        av.append(a)
        rt.append(times)
    rt = np.concatenate(rt)
    secs = time.perf_counter() - t0
    print(f"engine=numpy fleet racks={racks} years={years:g} replications={reps} "
          f"events={rt.size} events_per_month={np.mean(epm):.2f} availability={np.mean(av):.6f} "
          f"repair_p50_h={np.percentile(rt, 50):.2f} repair_p95_h={np.percentile(rt, 95):.2f} "
          f"seconds={secs:.3f}")


if __name__ == "__main__":
    main()
