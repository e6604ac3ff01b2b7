#!/usr/bin/python3
"""Straightforward NumPy implementation of the impedance Monte Carlo that
bench/reliability_bench.cpp times: edge-coupled stripline Zdiff = 2 Z0odd (Cohn 1955, exact
zero-thickness, complete elliptic integrals by the AGM) scaled by Wheeler's (1978) thick-strip
ratio; lot/panel and layer deviations sampled, local deviations integrated after linearizing
about each board layer (the same conditional model as graphs/src/yield.cpp), vectorized over
boards x layers.

usage: numpy_impedance.py [boards] [pairs]
"""
import math
import sys
import time

import numpy as np

ETA0 = 376.730313668
W0, S0, T0, H0, DK0 = 100e-6, 150e-6, 17.5e-6, 120e-6, 3.3
LAYERS, TARGET, TOL = 12, 100.0, 0.10
# relative sigmas (lot, layer, local) for width, height, dk, thickness
SIG = np.array([[0.04, 0.02, 0.02], [0.02, 0.01, 0.01], [0.01, 0.005, 0.01], [0.05, 0.02, 0.02]])


def agm(a, b):
    for _ in range(8):
        a, b = 0.5 * (a + b), np.sqrt(a * b)
    return a


def kratio(k):
    return agm(1.0, k) / agm(1.0, np.sqrt((1 - k) * (1 + k)))


def zdiff(d):
    """d[..., 4] relative deviations of width, height, dk, thickness."""
    w = W0 * (1 + d[..., 0])
    s = S0 + W0 - w
    h = H0 * (1 + d[..., 1])
    er = DK0 * (1 + d[..., 2])
    t = T0 * (1 + d[..., 3])
    b = 2 * h + t
    pre = ETA0 / (4 * np.sqrt(er))
    ko = np.tanh(np.pi * w / (2 * b)) / np.tanh(np.pi * (w + s) / (2 * b))
    zodd = pre * kratio(np.sqrt((1 - ko) * (1 + ko)))
    z0c = pre * kratio(1 / np.cosh(np.pi * w / (2 * b)))
    x = t / b
    m = 2 / (1 + (2 / 3) * x / (1 - x))
    dw = x / (np.pi * (1 - x)) * (1 - 0.5 * np.log((x / (2 - x)) ** 2 + (0.0796 * x / (w / b + 1.1 * x)) ** m))
    wp = w / (b - t) + dw
    a = 4 / (np.pi * wp)
    z0w = 30 / np.sqrt(er) * np.log(1 + a * (2 * a + np.sqrt(4 * a * a + 6.27)))
    return 2 * zodd * z0w / z0c


erfc = np.vectorize(math.erfc)


def phi(x):
    return 0.5 * erfc(-x / math.sqrt(2))


def main():
    boards = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 5184
    n_layer = np.array([pairs // LAYERS + (1 if l < pairs % LAYERS else 0) for l in range(LAYERS)])
    lo, hi = TARGET * (1 - TOL), TARGET * (1 + TOL)
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    yields, fails, zs, z2s = [], 0.0, 0.0, 0.0
    for start in range(0, boards, 20000):
        nb = min(20000, boards - start)
        lot = rng.standard_normal((nb, 1, 4)) * SIG[:, 0]
        d = lot + rng.standard_normal((nb, LAYERS, 4)) * SIG[:, 1]
        z = zdiff(d)
        var = (-z / (2 * (1 + d[..., 2])) * SIG[2, 2]) ** 2
        hstep = 1e-6
        for i in (0, 1, 3):
            dd = d.copy()
            dd[..., i] += hstep * (1 + d[..., i])
            var += ((zdiff(dd) - z) / hstep * SIG[i, 2]) ** 2
        sd = np.sqrt(var)
        pf = phi((lo - z) / sd) + phi((z - hi) / sd)
        yields.append(np.exp((n_layer * np.log1p(-np.minimum(pf, 1 - 1e-300))).sum(axis=1)))
        fails += (n_layer * pf).sum()
        zs += (n_layer * z).sum()
        z2s += (n_layer * (z * z + var)).sum()
    y = np.concatenate(yields)
    secs = time.perf_counter() - t0
    npairs = boards * pairs
    zm = zs / npairs
    print(f"engine=numpy impedance boards={boards} pairs={pairs} method=conditional "
          f"board_yield={y.mean():.5f} board_yield_ci95={1.96 * y.std(ddof=1) / math.sqrt(boards):.5f} "
          f"pair_fail_fraction={fails / npairs:.3e} z_mean={zm:.3f} "
          f"z_sigma={math.sqrt(z2s / npairs - zm * zm):.3f} seconds={secs:.3f}")


if __name__ == "__main__":
    main()
