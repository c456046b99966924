#!/usr/bin/python3
"""Golden values for transformer/01_attention from PyTorch: scaled dot-product attention forward
and backward in float64, for three masks.

    /usr/bin/python3 tools/golden/transformer_attention.py   # writes tests/golden/transformer/01_attention.txt

PyTorch 1.13 (Debian 12's python3-torch) has no scaled_dot_product_attention, so it is written
here from torch operations, independently of the C++ code (Vaswani et al. 2017, eq. 1):

  scores = q @ k.transpose(-2, -1) / sqrt(d)
  scores = scores.masked_fill(hidden, -inf)      # hidden[n, i, j] True: query i may NOT see key j
  weights = softmax(scores, -1); out = weights @ v

with `hidden` built from its definition: causal hides key j from query i when
j > i + (T_k - T_q) (bottom-right aligned: the last query sees every key); padding hides keys
j >= length[b] of sequence b = n // H. The loss is sum(out * g) for a fixed random g (an upstream
gradient that is not all ones), and backward() gives q.grad, k.grad, v.grad.

Cases (N = B*H problems):
  masked  B=2, H=2, T_q=T_k=5, d=3, d_v=2, causal and key lengths (5, 3)
  cached  B=1, H=2, T_q=2, T_k=6, d=4, d_v=3, causal only (a KV cache's last two queries)
  plain   B=3, H=1, T_q=3, T_k=4, d=2, d_v=5, no mask
For each case C: C.q, C.k, C.v, C.g (inputs), C.lengths (B; T_k when unpadded), C.causal (1 or 0),
C.weights (N,T_q,T_k), C.out (N,T_q,d_v), C.dq, C.dk, C.dv.
"""
import math
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 21
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "01_attention.txt"
CASES = [("masked", 2, 2, 5, 5, 3, 2, True, [5, 3]),
         ("cached", 1, 2, 2, 6, 4, 3, True, None),
         ("plain", 3, 1, 3, 4, 2, 5, False, None)]


def case(name, b, h, tq, tk, d, dv, causal, lengths):
    n = b * h
    q = (1.5 * torch.randn(n, tq, d, dtype=torch.float64)).requires_grad_()
    k = (1.5 * torch.randn(n, tk, d, dtype=torch.float64)).requires_grad_()
    v = torch.randn(n, tk, dv, dtype=torch.float64).requires_grad_()
    g = torch.randn(n, tq, dv, dtype=torch.float64)
    lengths = lengths or [tk] * b
    hidden = torch.zeros(n, tq, tk, dtype=torch.bool)
    for p in range(n):
        for i in range(tq):
            for j in range(tk):
                if j >= lengths[p // h] or (causal and j > i + (tk - tq)):
                    hidden[p, i, j] = True
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    weights = torch.softmax(scores.masked_fill(hidden, float("-inf")), dim=-1)
    out = weights @ v
    (out * g).sum().backward()
    return [(f"{name}.q", q), (f"{name}.k", k), (f"{name}.v", v), (f"{name}.g", g),
            (f"{name}.lengths", np.array(lengths, dtype=float)), (f"{name}.causal", np.array([1.0 if causal else 0.0])),
            (f"{name}.weights", weights), (f"{name}.out", out),
            (f"{name}.dq", q.grad), (f"{name}.dk", k.grad), (f"{name}.dv", v.grad)]


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    arrays = []
    for c in CASES:
        arrays += case(*c)
    goldenfile.write(OUT, "tools/golden/transformer_attention.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, once, cases in order)", arrays)


if __name__ == "__main__":
    main()
