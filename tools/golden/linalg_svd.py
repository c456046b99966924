#!/usr/bin/python3
"""Golden singular values for linalg/06_svd from NumPy (LAPACK dgesdd).

    /usr/bin/python3 tools/golden/linalg_svd.py    # writes tests/golden/linalg/06_svd.txt

Two fixed matrices and their singular values from numpy.linalg.svd (descending):
  hilbert, hilbert_s: the 5x4 section of the Hilbert matrix, H[i, j] = 1 / (i + j + 1); its
      singular values span four orders of magnitude (cond ~ 1e4), a test of accuracy;
  random, random_s: a 4x6 (wide) matrix of standard normals from NumPy's seeded generator.
Both matrices are stored in the file, so the tests never need Python.
"""
import pathlib

import numpy as np

import goldenfile

SEED = 20240606
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "linalg" / "06_svd.txt"


def main():
    arrays = []

    hilbert = np.array([[1.0 / (i + j + 1) for j in range(4)] for i in range(5)])
    arrays.append(("hilbert", hilbert))
    arrays.append(("hilbert_s", np.linalg.svd(hilbert, compute_uv=False)))

    rng = np.random.default_rng(SEED)
    random = rng.standard_normal((4, 6))
    arrays.append(("random", random))
    arrays.append(("random_s", np.linalg.svd(random, compute_uv=False)))

    goldenfile.write(OUT, "tools/golden/linalg_svd.py", f"numpy {np.__version__}", SEED, arrays)


if __name__ == "__main__":
    main()
