#!/usr/bin/python3
"""Golden SHA-256 digests for mlops/03_content_addressing from Python's hashlib (OpenSSL).

    /usr/bin/python3 tools/golden/mlops_sha256.py    # writes tests/golden/mlops/03_content_addressing.txt

The golden format holds numbers, so every byte string and every digest is an array of byte
values (0..255); the tests turn a digest into hex themselves.

  pattern (200): the fixed byte pattern p[i] = (37 i + 11) mod 256
  pattern_digests (201, 32): row n is SHA-256 of the first n bytes of the pattern, for every n
      from 0 to 200: the padding's boundary cases 55/56 (the length still fits in the last block or
      not), 63/64 and 119/120 are among them
  random_K (size), random_K_digest (32): seeded random buffers of a few KB (NumPy's default_rng),
      sizes that are not multiples of the 64-byte block
"""
import hashlib
import pathlib
import ssl
import sys

import numpy as np

import goldenfile

SEED = 20261206
RANDOM_SIZES = (777, 2048, 3333)
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "mlops" / "03_content_addressing.txt"


def digest(data: bytes):
    return list(hashlib.sha256(data).digest())


def main():
    pattern = bytes((37 * i + 11) % 256 for i in range(200))
    arrays = [("pattern", list(pattern)),
              ("pattern_digests", [digest(pattern[:n]) for n in range(201)])]
    rng = np.random.default_rng(SEED)
    for k, size in enumerate(RANDOM_SIZES):
        data = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
        arrays.append((f"random_{k}", list(data)))
        arrays.append((f"random_{k}_digest", digest(data)))
    versions = (f"python {sys.version.split()[0]}, hashlib ({ssl.OPENSSL_VERSION}), numpy {np.__version__}")
    goldenfile.write(OUT, "tools/golden/mlops_sha256.py", versions, SEED, arrays)


if __name__ == "__main__":
    main()
