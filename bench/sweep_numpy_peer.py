#!/usr/bin/python3
"""Peer for bench/report_sweep_bench.sh: the 10,000-point twinax reach grid of the benchmark
study, vectorized with NumPy and written with h5py (same closed form as the twinax_reach
evaluator, docs/sweep.md). Usage: sweep_numpy_peer.py OUT.h5"""
import sys

import h5py
import numpy as np

baud = np.linspace(25e9, 224e9, 100)
awg = np.array([24.0, 26.0, 28.0, 30.0, 32.0])
fixed = np.linspace(4.0, 22.0, 20)
fn = baud[:, None, None] / 2.0
fref = 26.5625e9
alpha = (6.0 * 0.75 / np.sqrt(fref) * 92.0 ** ((awg[None, :, None] - 26.0) / 39.0) * np.sqrt(fn)
         + 6.0 * 0.25 / fref * fn)
left = 28.0 - fixed[None, None, :]
reach = np.where(left > 0, left / alpha, 0.0)
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["schema_version"] = 1
    for name, v, u in (("baud", baud, "Hz"), ("awg", awg, "1"), ("fixed_loss", fixed, "dB")):
        f.create_dataset("axes/" + name, data=v).attrs["units"] = u
    f.create_dataset("outputs/reach", data=reach).attrs["units"] = "m"
