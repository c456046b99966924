#!/usr/bin/python3
"""Golden values for transformer/03_positions from PyTorch, in float64: the sinusoidal table and
rotary position embedding (RoPE) forward and backward.

    /usr/bin/python3 tools/golden/transformer_positions.py   # writes tests/golden/transformer/03_positions.txt

Sinusoidal: the PyTorch tutorial's PositionalEncoding (Vaswani et al. 2017, section 3.5),

  div_term = exp(arange(0, C, 2) * (-log(base) / C))
  pe[:, 0::2] = sin(position * div_term); pe[:, 1::2] = cos(position * div_term)

with, for an odd C, the cosines cut to the C // 2 odd columns (the last column is an unpaired
sine). Cases: sin.even (P=32, C=16, base 10000), sin.odd (P=12, C=5, base 100), and sin.far:
the rows sin.far.positions of the (10000, 16) table, base 10000 (angles up to 10^4).

RoPE: LLaMA's reference code (precompute_freqs_cis and apply_rotary_emb), in float64 instead of
its float32: the pairs (x[2i], x[2i+1]) as complex numbers (torch.view_as_complex) multiplied by
freqs_cis = torch.polar(1, outer(t, freqs)), freqs_i = 1 / base^(2i/d). This fixes the
interleaved pairing independently of the C++ loops. Rows t of x are at positions start + t
(freqs_cis[start : start + T]). The loss is sum(y * g) for a fixed random g; backward() through the
complex product gives x.grad. Cases (x is (N, T, d)):
  rope.cached  N=3, T=5, d=8, start=4, a table of 12 positions, base 10000
  rope.plain   N=2, T=3, d=4, start=0, a table of 3 positions, base 100
For each: C.x, C.g, C.start, C.max_positions, C.base, C.cos and C.sin (max_positions, d/2: the
real and imaginary parts of freqs_cis), C.y, C.dx.
"""
import math
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 3
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "03_positions.txt"
FAR_POSITIONS = [0, 1, 2, 99, 1000, 4097, 9999]


def sinusoidal(positions, channels, base):
    pe = torch.zeros(positions, channels, dtype=torch.float64)
    position = torch.arange(positions, dtype=torch.float64).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, channels, 2, dtype=torch.float64) * (-math.log(base) / channels))
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)[:, : channels // 2]
    return pe


def precompute_freqs_cis(dim, end, theta):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float64)[: (dim // 2)] / dim))
    t = torch.arange(end, dtype=torch.float64)
    freqs = torch.outer(t, freqs)
    return torch.polar(torch.ones_like(freqs), freqs)  # complex128, (end, dim / 2)


def rope_case(name, n, t, d, start, max_positions, base):
    x = torch.randn(n, t, d, dtype=torch.float64).requires_grad_()
    g = torch.randn(n, t, d, dtype=torch.float64)
    freqs_cis = precompute_freqs_cis(d, max_positions, base)
    x_ = torch.view_as_complex(x.reshape(n, t, d // 2, 2))
    y = torch.view_as_real(x_ * freqs_cis[start:start + t]).flatten(2)
    (y * g).sum().backward()
    return [(f"{name}.x", x), (f"{name}.g", g), (f"{name}.start", np.array([start], dtype=float)),
            (f"{name}.max_positions", np.array([max_positions], dtype=float)),
            (f"{name}.base", np.array([base], dtype=float)),
            (f"{name}.cos", freqs_cis.real), (f"{name}.sin", freqs_cis.imag), (f"{name}.y", y), (f"{name}.dx", x.grad)]


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    arrays = [("sin.even", sinusoidal(32, 16, 10000.0)), ("sin.odd", sinusoidal(12, 5, 100.0)),
              ("sin.far.positions", np.array(FAR_POSITIONS, dtype=float)),
              ("sin.far", sinusoidal(10000, 16, 10000.0)[FAR_POSITIONS])]
    arrays += rope_case("rope.cached", 3, 5, 8, 4, 12, 10000.0)
    arrays += rope_case("rope.plain", 2, 3, 4, 0, 3, 100.0)
    goldenfile.write(OUT, "tools/golden/transformer_positions.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, once, cases in order)", arrays)


if __name__ == "__main__":
    main()
