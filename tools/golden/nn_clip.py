#!/usr/bin/python3
"""Golden values for nn/13_training_utilities from PyTorch: torch.nn.utils.clip_grad_norm_ and
clip_grad_value_ on three gradients of different shapes, in float64.

    /usr/bin/python3 tools/golden/nn_clip.py    # writes tests/golden/nn/13_training_utilities.txt

Drawn with torch.manual_seed(SEED), all float64:

  g0, g1, g2        (3,4), (4), (2,2)   the gradients before clipping (randn * 3)
  norm              (1)   the total norm clip_grad_norm_ returned with max_norm = 1.5
  c0, c1, c2              the gradients after clip_grad_norm_(max_norm = 1.5)
  v0, v1, v2              the original gradients after clip_grad_value_(clip_value = 2.0)
"""
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 13
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nn" / "13_training_utilities.txt"


def params(grads):
    out = []
    for g in grads:
        p = torch.zeros_like(g, requires_grad=True)
        p.grad = g.clone()
        out.append(p)
    return out


def main() -> None:
    torch.manual_seed(SEED)
    grads = [torch.randn(3, 4, dtype=torch.float64) * 3, torch.randn(4, dtype=torch.float64) * 3,
             torch.randn(2, 2, dtype=torch.float64) * 3]
    by_norm = params(grads)
    norm = torch.nn.utils.clip_grad_norm_(by_norm, max_norm=1.5)
    by_value = params(grads)
    torch.nn.utils.clip_grad_value_(by_value, clip_value=2.0)
    arrays = {"g0": grads[0], "g1": grads[1], "g2": grads[2], "norm": norm.reshape(1)}
    arrays.update({f"c{k}": p.grad for k, p in enumerate(by_norm)})
    arrays.update({f"v{k}": p.grad for k, p in enumerate(by_value)})
    goldenfile.write(OUT, "tools/golden/nn_clip.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed)", arrays)


if __name__ == "__main__":
    main()
