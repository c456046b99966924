#!/usr/bin/python3
"""Golden values for nn/05_dense from PyTorch: one forward and one backward of torch.nn.Linear
with fixed weights, in float64.

    /usr/bin/python3 tools/golden/nn_dense.py    # writes tests/golden/nn/05_dense.txt

torch.nn.Linear(4, 3) stores its weight as (out, in) = (3, 4) and computes y = x W^T + b, the
convention nn/05 follows. Drawn with torch.manual_seed(SEED), all float64:

  W   (3,4)   the weight, overwritten with randn
  b   (3)     the bias, overwritten with randn
  x   (5,4)   a batch of 5 inputs
  dy  (5,3)   the upstream gradient dL/dy, i.e. L = sum(y * dy)
  y   (5,3)   the forward output x W^T + b
  dx  (5,4)   dL/dx from autograd
  dW  (3,4)   dL/dW from autograd
  db  (3)     dL/db from autograd
"""
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 5
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nn" / "05_dense.txt"


def main() -> None:
    torch.manual_seed(SEED)
    layer = torch.nn.Linear(4, 3).double()
    with torch.no_grad():
        layer.weight.copy_(torch.randn(3, 4, dtype=torch.float64))
        layer.bias.copy_(torch.randn(3, dtype=torch.float64))
    x = torch.randn(5, 4, dtype=torch.float64, requires_grad=True)
    dy = torch.randn(5, 3, dtype=torch.float64)
    y = layer(x)
    y.backward(dy)
    arrays = {
        "W": layer.weight.detach(), "b": layer.bias.detach(), "x": x.detach(), "dy": dy,
        "y": y.detach(), "dx": x.grad, "dW": layer.weight.grad, "db": layer.bias.grad,
    }
    goldenfile.write(OUT, "tools/golden/nn_dense.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed)", arrays)


if __name__ == "__main__":
    main()
