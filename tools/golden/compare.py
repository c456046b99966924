#!/usr/bin/python3
"""Compares two golden files array by array: the same arrays, shapes, and how far the values are.

    /usr/bin/python3 tools/golden/compare.py OLD NEW

Used to check that a generator, run under other versions of NumPy, SciPy or PyTorch (another
Debian release), still writes what the tests expect: prints each array's largest absolute and
relative difference, and both files' `# versions` lines. Exits 1 when the array names or shapes
differ; the differences themselves are judged by the tests, whose tolerances are stated there
(regenerate in a scratch copy of the tree and run the topic's tests on it).
"""
import sys

import numpy as np


def read(path):
    header, arrays, name = {}, {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("# "):
            key, _, value = line[2:].partition(": ")
            header[key] = value
        elif line.startswith("array "):
            parts = line.split()
            name, shape = parts[1], tuple(int(d) for d in parts[3:])
            arrays[name] = (shape, None)
        elif name is not None:
            values = np.array([float(v) for v in line.split()], dtype=float)
            arrays[name] = (arrays[name][0], values)
            name = None
    return header, arrays


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    (h_old, old), (h_new, new) = read(sys.argv[1]), read(sys.argv[2])
    print(f"old: {h_old.get('versions', '?')}\nnew: {h_new.get('versions', '?')}")
    bad = 0
    for name in sorted(set(old) | set(new)):
        if name not in old or name not in new:
            print(f"  {name}: only in {'old' if name in old else 'new'}")
            bad += 1
            continue
        (s_old, v_old), (s_new, v_new) = old[name], new[name]
        if s_old != s_new:
            print(f"  {name}: shape {s_old} vs {s_new}")
            bad += 1
            continue
        if v_old.size == 0:
            print(f"  {name:24s} empty")
            continue
        both_nan = np.isnan(v_old) & np.isnan(v_new)
        diff = np.where(both_nan, 0.0, np.abs(v_old - v_new))
        scale = np.maximum(np.abs(v_old), np.abs(v_new))
        rel = np.where(scale > 0, diff / np.where(scale > 0, scale, 1), 0.0)
        same = "identical" if np.array_equal(v_old, v_new, equal_nan=True) else ""
        print(f"  {name:24s} max abs {diff.max():.3g}  max rel {rel.max():.3g}  {same}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
