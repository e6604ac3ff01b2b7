#!/usr/bin/env python3
"""COM agreement on public IEEE 802.3 channel sets that are too large to ship with RackLink.

Each golden JSON in tests/golden/com/public/ was produced by running the IEEE 802.3 COM reference
(com_ieee8023_93a v4.20 under GNU Octave 7.3, scripts/com_reference/run_reference.sh) on a public
channel set; its "channels" block names the thru and aggressor files. This script runs
`racklink com CONFIG THRU --fext ... --next ... --json` on the same files and compares every
figure the golden carries.

Usage: check_public_sets.py RACKLINK GOLDEN_DIR CHANNEL_DIR
Exit 0 = all agree, 1 = a difference beyond tolerance, 77 = CHANNEL_DIR (or a file) is missing
(ctest reports the test as skipped). Channel sets and where to get them:
tests/golden/com/public/README.md.
"""
import json
import os
import subprocess
import sys

SKIP = 77
TOL_DB = 1e-6   # COM/FOM agreement [dB]: the golden tests reach < 1e-11 dB, keep margin for libm
TOL_REL = 1e-6  # relative tolerance for amplitudes [mV] and taps


def as_list(x):
    # extract_golden.m writes a one-element vector (a single TX FFE or DFE tap) as a number
    return x if isinstance(x, list) else [x]


def close(a, b, rel=TOL_REL, abs_tol=1e-9):
    # null (NaN in both tools: a loss at f_b/2 beyond the data) agrees only with null
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(abs_tol, rel * max(abs(a), abs(b)))


def main(argv):
    if len(argv) != 4:
        print(__doc__)
        return 2
    racklink, golden_dir, channel_dir = argv[1:]
    if not os.path.isdir(channel_dir):
        print(f"skipped: channel directory {channel_dir} not present (see tests/golden/com/public/README.md)")
        return SKIP
    goldens = sorted(f for f in os.listdir(golden_dir) if f.endswith(".json"))
    if not goldens:
        print(f"error: no golden JSON in {golden_dir}")
        return 1
    failures = 0
    for name in goldens:
        with open(os.path.join(golden_dir, name)) as fh:
            gold = json.load(fh)
        ch = gold["channels"]
        files = [ch["thru"]] + ch.get("fext", []) + ch.get("next", [])
        missing = [f for f in files if not os.path.isfile(os.path.join(channel_dir, f))]
        if missing:
            print(f"skipped: {name}: {missing[0]} not in {channel_dir}")
            return SKIP
        cfg = os.path.join(golden_dir, gold["config"])
        cmd = [racklink, "com", cfg, os.path.join(channel_dir, ch["thru"]), "--json", "--threads", "1"]
        if ch.get("fext"):
            cmd += ["--fext"] + [os.path.join(channel_dir, f) for f in ch["fext"]]
        if ch.get("next"):
            cmd += ["--next"] + [os.path.join(channel_dir, f) for f in ch["next"]]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(f"FAIL {name}: racklink exited {run.returncode}: {run.stderr.strip()}")
            failures += 1
            continue
        ours = json.loads(run.stdout)
        bad = []
        for key in ("fom_ild_db", "icn_mv", "il_nyquist_db", "fitted_il_nyquist_db"):
            if key in gold and not close(ours[key], gold[key], abs_tol=1e-6):
                bad.append(f"{key} {ours[key]} vs {gold[key]}")
        if len(ours["cases"]) != len(gold["cases"]):
            bad.append(f"{len(ours['cases'])} package cases vs {len(gold['cases'])}")
        for i, (o, g) in enumerate(zip(ours["cases"], gold["cases"]), start=1):
            for key in ("com_db", "fom_db"):
                if abs(o[key] - g[key]) > TOL_DB:
                    bad.append(f"case {i} {key} {o[key]:.9f} vs {g[key]:.9f}")
            for key in ("as_mv", "ani_mv", "sigma_n_mv", "sigma_tx_mv", "sgm_isi_mv", "sgm_xt_mv"):
                if key in g and not close(o[key], g[key], abs_tol=1e-6):
                    bad.append(f"case {i} {key} {o[key]:.9g} vs {g[key]:.9g}")
            if "vec_db" in g and g["vec_db"] is not None and abs(o["vec_db"] - g["vec_db"]) > TOL_DB:
                bad.append(f"case {i} vec_db {o['vec_db']:.9f} vs {g['vec_db']:.9f}")
            if "veo_mv" in g and g["veo_mv"] is not None and not close(o["veo_mv"], g["veo_mv"], abs_tol=1e-6):
                bad.append(f"case {i} veo_mv {o['veo_mv']:.9g} vs {g['veo_mv']:.9g}")
            if "g_dc_db" in g and o["g_dc_db"] != g["g_dc_db"]:
                bad.append(f"case {i} g_DC {o['g_dc_db']} vs {g['g_dc_db']}")
            if "t_s" in g and o["t_s_samples"] != g["t_s"]:
                bad.append(f"case {i} t_s {o['t_s_samples']} vs {g['t_s']}")
            if "txffe" in g and any(not close(a, b, abs_tol=1e-12) for a, b in zip(as_list(o["txffe"]), as_list(g["txffe"]))):
                bad.append(f"case {i} TX FFE {o['txffe']} vs {g['txffe']}")
            if "dfe_taps" in g and any(not close(a, b, abs_tol=1e-9) for a, b in zip(as_list(o["dfe_taps"]), as_list(g["dfe_taps"]))):
                bad.append(f"case {i} DFE taps differ")
        if bad:
            failures += 1
            print(f"FAIL {name}: " + "; ".join(bad))
        else:
            coms = ", ".join(f"{c['com_db']:.4f}" for c in ours["cases"])
            print(f"ok   {name}: COM {coms} dB (reference {gold.get('reference_run_s', float('nan')):.1f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
