#!/usr/bin/python3
"""Independent check of a RackLink sweep file with h5py and NumPy (test oracle).

Reads the file written by `racklink sweep` for a twinax_reach study over baud x awg x
fixed_loss, checks the layout of docs/sweep.md (schema_version, units on every dataset, grid
dimensions) and recomputes the reach in closed form with NumPy (defaults of the evaluator:
budget 28 dB, loss_ref 6 dB/m at 26.5625 GHz, skin fraction 0.75). Prints
"ok <max relative error>" or "FAIL <reason>".
"""
import sys

import h5py
import numpy as np


def main(path):
    with h5py.File(path, "r") as f:
        if f.attrs["schema_version"] != 1 or f.attrs["schema"] != "racklink.sweep":
            return "FAIL schema"
        names = [n.decode() if isinstance(n, bytes) else n for n in f["parameters"][...]]
        if names != ["baud", "awg", "fixed_loss"]:
            return "FAIL parameters %s" % names
        for group in ("axes", "outputs"):
            for k, d in f[group].items():
                if "units" not in d.attrs:
                    return "FAIL no units on %s/%s" % (group, k)
        baud = f["axes/baud"][...]
        awg = f["axes/awg"][...]
        fixed = f["axes/fixed_loss"][...]
        reach = f["outputs/reach"][...]
        unit = f["outputs/reach"].attrs["units"]
        if reach.shape != (baud.size, awg.size, fixed.size):
            return "FAIL shape %s" % (reach.shape,)
        scale = {"m": 1.0, "mm": 1e3}[unit]
        fn = baud[:, None, None] / 2.0
        fref = 26.5625e9
        d_ratio = 92.0 ** ((awg[None, :, None] - 26.0) / 39.0)  # ASTM B258 diameters
        alpha = 6.0 * 0.75 / np.sqrt(fref) * d_ratio * np.sqrt(fn) + 6.0 * 0.25 / fref * fn
        left = 28.0 - fixed[None, None, :]
        expected = np.where(left > 0, left / alpha, 0.0) * scale
        err = np.max(np.abs(reach - expected) / np.maximum(np.abs(expected), 1e-300))
        return "ok %.3g" % err


if __name__ == "__main__":
    print(main(sys.argv[1]))
