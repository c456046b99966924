#!/usr/bin/python3
"""Golden values for nn/08_regularization from PyTorch: torch.nn.BatchNorm1d(3) in float64,
momentum 0.1, eps 1e-5, on fixed inputs and affine weights.

    /usr/bin/python3 tools/golden/nn_batchnorm.py    # writes tests/golden/nn/08_regularization.txt

Drawn with torch.manual_seed(SEED), all float64 (B = 6 rows, C = 3 features):

  x       (6,3)   the first training batch (randn * 2 + 1, so mean and variance are not 0 and 1)
  gamma   (3)     the weight, overwritten with randn
  beta    (3)     the bias, overwritten with randn
  dy      (6,3)   the upstream gradient, i.e. L = sum(y * dy)
  y       (6,3)   the train-mode output on x (batch statistics, biased variance)
  dx      (6,3)   dL/dx from autograd
  dgamma  (3)     dL/dgamma from autograd
  dbeta   (3)     dL/dbeta from autograd
  rmean1  (3)     running_mean after the step on x (starts at 0)
  rvar1   (3)     running_var after the step on x (starts at 1; updated with the UNBIASED variance)
  x2      (6,3)   a second training batch
  rmean2  (3)     running_mean after the second step
  rvar2   (3)     running_var after the second step
  xe      (4,3)   an evaluation batch
  ye      (4,3)   the eval-mode output on xe (running statistics after two steps)
"""
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 8
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nn" / "08_regularization.txt"


def main() -> None:
    torch.manual_seed(SEED)
    bn = torch.nn.BatchNorm1d(3, eps=1e-5, momentum=0.1).double()
    with torch.no_grad():
        bn.weight.copy_(torch.randn(3, dtype=torch.float64))
        bn.bias.copy_(torch.randn(3, dtype=torch.float64))
    x = (torch.randn(6, 3, dtype=torch.float64) * 2 + 1).requires_grad_(True)
    dy = torch.randn(6, 3, dtype=torch.float64)
    bn.train()
    y = bn(x)
    y.backward(dy)
    arrays = {
        "x": x.detach(), "gamma": bn.weight.detach().clone(), "beta": bn.bias.detach().clone(),
        "dy": dy, "y": y.detach(), "dx": x.grad, "dgamma": bn.weight.grad, "dbeta": bn.bias.grad,
        "rmean1": bn.running_mean.clone(), "rvar1": bn.running_var.clone(),
    }
    x2 = torch.randn(6, 3, dtype=torch.float64) * 0.5 - 2
    with torch.no_grad():
        bn(x2)
    arrays.update({"x2": x2, "rmean2": bn.running_mean.clone(), "rvar2": bn.running_var.clone()})
    xe = torch.randn(4, 3, dtype=torch.float64)
    bn.eval()
    with torch.no_grad():
        ye = bn(xe)
    arrays.update({"xe": xe, "ye": ye})
    goldenfile.write(OUT, "tools/golden/nn_batchnorm.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed)", arrays)


if __name__ == "__main__":
    main()
