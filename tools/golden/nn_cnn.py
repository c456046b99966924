#!/usr/bin/python3
"""Golden values for nn/09_cnn from PyTorch: conv2d, max pooling and average pooling, forward and
backward, with fixed seeded weights and inputs, in float64.

    /usr/bin/python3 tools/golden/nn_cnn.py    # writes tests/golden/nn/09_cnn.txt

Layout NCHW, weights (C_out, C_in, kH, kW), as torch.nn.functional. Drawn with
torch.manual_seed(SEED), all float64. Each backward is autograd of L = sum(y * dy), so the
arrays named d* are dL/d(that input) for the fixed upstream gradient dy.

Convolutions (prefix c1_ and c2_):
  c1: N=2, C_in=3, C_out=4, 5x6 input, kernel 3x3, stride 1, padding 0 -> y (2,4,3,4)
  c2: N=2, C_in=2, C_out=3, 7x6 input, kernel 2x3, stride 2, padding 1 -> y (2,3,4,3)
  x, W, b, dy   the inputs, the weight, the bias, the upstream gradient
  y             F.conv2d(x, W, b, stride, padding)
  dx, dW, db    from autograd

Pooling of one input p_x (2,3,6,7), no padding, floor mode (PyTorch's defaults):
  max2_y, max2_idx, max2_dy, max2_dx   F.max_pool2d(kernel 2, stride 2, return_indices=True)
  max3_*                               the same with kernel 3, stride 2 (overlapping windows)
  avg2_y, avg2_dy, avg2_dx             F.avg_pool2d(kernel 2, stride 2)
  avg3_*                               F.avg_pool2d(kernel 3, stride 2)
  *_idx is the argmax as a flat index into the input's H*W plane (PyTorch's convention).
"""
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F

SEED = 9
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nn" / "09_cnn.txt"


def conv_case(prefix, n, c_in, c_out, h, w, kernel, stride, padding):
    x = torch.randn(n, c_in, h, w, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(c_out, c_in, *kernel, dtype=torch.float64, requires_grad=True)
    bias = torch.randn(c_out, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, weight, bias, stride=stride, padding=padding)
    dy = torch.randn(*y.shape, dtype=torch.float64)
    y.backward(dy)
    return [(prefix + "x", x), (prefix + "W", weight), (prefix + "b", bias), (prefix + "dy", dy),
            (prefix + "y", y), (prefix + "dx", x.grad), (prefix + "dW", weight.grad), (prefix + "db", bias.grad)]


def pool_case(prefix, x0, op, kernel, stride):
    x = x0.clone().requires_grad_(True)
    if op == "max":
        y, idx = F.max_pool2d(x, kernel, stride, return_indices=True)
    else:
        y, idx = F.avg_pool2d(x, kernel, stride), None
    dy = torch.randn(*y.shape, dtype=torch.float64)
    y.backward(dy)
    arrays = [(prefix + "y", y)]
    if idx is not None:
        arrays.append((prefix + "idx", idx.double()))
    arrays += [(prefix + "dy", dy), (prefix + "dx", x.grad)]
    return arrays


def main() -> None:
    torch.manual_seed(SEED)
    arrays = []
    arrays += conv_case("c1_", 2, 3, 4, 5, 6, (3, 3), 1, 0)
    arrays += conv_case("c2_", 2, 2, 3, 7, 6, (2, 3), 2, 1)
    p_x = torch.randn(2, 3, 6, 7, dtype=torch.float64)
    arrays.append(("p_x", p_x))
    arrays += pool_case("max2_", p_x, "max", 2, 2)
    arrays += pool_case("max3_", p_x, "max", 3, 2)
    arrays += pool_case("avg2_", p_x, "avg", 2, 2)
    arrays += pool_case("avg3_", p_x, "avg", 3, 2)
    goldenfile.write(OUT, "tools/golden/nn_cnn.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed)", arrays)


if __name__ == "__main__":
    main()
