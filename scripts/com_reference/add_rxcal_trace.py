#!/usr/bin/env python3
"""Adds the receiver-calibration loop of a reference run to a golden JSON written by
extract_golden.m (RackLink's own code).

The IEEE COM reference (com_ieee8023_93a, v4.20 to v4.50) prints each run of its RX_CALIBRATION
loop only to 4 digits ("LOOP with [sigma_bn sigma_hp] = ..."). RackLink's golden runs add one
line next to that display in the (local, never committed) working copy,

    printf('RXCAL_TRACE %.17g %.17g %.17g\\n', sigma_bn, sigma_hp, min_COM);

and this script copies those lines from the run's log into the golden file as
"rx_calibration": {"sigma_bn_mv", "sigma_hp_mv", "steps": [[sigma_bn_mv, min_com_db], ...]}.

usage: add_rxcal_trace.py RUN.log GOLDEN.json 'OVERRIDES-JSON' 'PRODUCED-BY TEXT'
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    log, golden, overrides, produced_by = sys.argv[1:]
    steps = []
    sigma_hp = None
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("RXCAL_TRACE "):
                bn, hp, com = (float(v) for v in line.split()[1:4])
                steps.append([1e3 * bn, com])
                sigma_hp = 1e3 * hp
    if not steps:
        print(f"{log}: no RXCAL_TRACE lines", file=sys.stderr)
        return 1
    with open(golden, encoding="utf-8") as f:
        g = json.load(f)
    g["overrides"] = json.loads(overrides)
    g["produced_by"] = produced_by
    g["rx_calibration"] = {"sigma_bn_mv": steps[-1][0], "sigma_hp_mv": sigma_hp, "steps": steps}
    with open(golden, "w", encoding="utf-8") as f:
        json.dump(g, f)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
