#!/usr/bin/python3
"""Golden values for transformer/04_norms from PyTorch: layer norm, RMSNorm, GPT-2's GELU MLP and a
pre-LN residual branch, forward and backward in float64.

    /usr/bin/python3 tools/golden/transformer_norms.py   # writes tests/golden/transformer/04_norms.txt

Each case runs on a (B, T, C) = (2, 3, C) batch; the loss is sum(y * g) for a fixed random g (an
upstream gradient that is not all ones: with g = 1 a layer norm's dx is 0 whatever the backward
computes), and backward() gives x.grad and the parameters' gradients.

  ln     torch.nn.LayerNorm(6) (eps 1e-5), weight 1 + 0.5 N(0,1) and bias 0.3 N(0,1) (not the
         initial ones and zeros, so that a backward that forgets the weight is caught); x with a
         different mean and spread per row. Also ln.mean and ln.rstd (B*T): the mean and
         1 / sqrt(biased variance + eps) of each row, from torch.mean and torch.var(unbiased=False).
  rms    RMSNorm(6) with eps 1e-6 (LLaMA's), written from torch ops since PyTorch 1.13 has no
         nn.RMSNorm:  y = x * rsqrt(mean(x**2, -1) + eps) * weight  (Zhang & Sennrich 2019).
         Also rms.rrms (B*T), the rsqrt factor of each row.
  mlp    GPT-2's MLP with C = 4, hidden = 16: nn.Linear(4, 16) -> F.gelu(approximate="tanh") ->
         nn.Linear(16, 4), PyTorch's default initialisation. Also mlp.pre and mlp.act (B*T, 16).
  block  y = x + mlp(ln(x)) with C = 4, hidden = 8: the second half of a pre-LN transformer block,
         whose residual junction sends the gradient to x twice (dx = dy + the branch's dx).

Names: CASE.x, CASE.g (B,T,C); CASE.y, CASE.dx (B,T,C); the parameters under their PyTorch names
(ln.weight, mlp.fc.weight, block.ln.bias, ...) and their gradients with a leading 'd'
(ln.dweight, mlp.fc.dweight, block.mlp.proj.dbias, ...).
"""
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F

SEED = 404
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "04_norms.txt"
B, T = 2, 3


def rows_of_x(c):
    """x (B,T,C) whose rows have different means (-3 ... 4) and spreads (0.5 ... 3)."""
    mean = torch.linspace(-3.0, 4.0, B * T, dtype=torch.float64).reshape(B, T, 1)
    spread = torch.linspace(0.5, 3.0, B * T, dtype=torch.float64).reshape(B, T, 1)
    return (mean + spread * torch.randn(B, T, c, dtype=torch.float64)).requires_grad_()


def layer_norm_case():
    c = 6
    ln = torch.nn.LayerNorm(c, eps=1e-5).double()
    with torch.no_grad():
        ln.weight.copy_(1.0 + 0.5 * torch.randn(c, dtype=torch.float64))
        ln.bias.copy_(0.3 * torch.randn(c, dtype=torch.float64))
    x = rows_of_x(c)
    g = torch.randn(B, T, c, dtype=torch.float64)
    y = ln(x)
    (y * g).sum().backward()
    mean = x.detach().mean(-1).reshape(-1)
    rstd = 1.0 / torch.sqrt(x.detach().var(-1, unbiased=False).reshape(-1) + 1e-5)
    return [("ln.x", x), ("ln.g", g), ("ln.weight", ln.weight), ("ln.bias", ln.bias), ("ln.y", y),
            ("ln.mean", mean), ("ln.rstd", rstd), ("ln.dx", x.grad), ("ln.dweight", ln.weight.grad),
            ("ln.dbias", ln.bias.grad)]


def rms_norm_case():
    c, eps = 6, 1e-6
    weight = (1.0 + 0.5 * torch.randn(c, dtype=torch.float64)).requires_grad_()
    x = rows_of_x(c)
    g = torch.randn(B, T, c, dtype=torch.float64)
    rrms = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
    y = x * rrms * weight
    (y * g).sum().backward()
    return [("rms.x", x), ("rms.g", g), ("rms.weight", weight), ("rms.y", y), ("rms.rrms", rrms.reshape(-1)),
            ("rms.dx", x.grad), ("rms.dweight", weight.grad)]


def linear_pair(c, hidden):
    return torch.nn.Linear(c, hidden).double(), torch.nn.Linear(hidden, c).double()


def linear_arrays(prefix, layer):
    return [(f"{prefix}.weight", layer.weight), (f"{prefix}.bias", layer.bias),
            (f"{prefix}.dweight", layer.weight.grad), (f"{prefix}.dbias", layer.bias.grad)]


def mlp_case():
    c, hidden = 4, 16
    fc, proj = linear_pair(c, hidden)
    x = torch.randn(B, T, c, dtype=torch.float64).requires_grad_()
    g = torch.randn(B, T, c, dtype=torch.float64)
    pre = fc(x)
    act = F.gelu(pre, approximate="tanh")
    y = proj(act)
    (y * g).sum().backward()
    return ([("mlp.x", x), ("mlp.g", g), ("mlp.pre", pre.reshape(-1, hidden)), ("mlp.act", act.reshape(-1, hidden)),
             ("mlp.y", y), ("mlp.dx", x.grad)] + linear_arrays("mlp.fc", fc) + linear_arrays("mlp.proj", proj))


def block_case():
    c, hidden = 4, 8
    ln = torch.nn.LayerNorm(c, eps=1e-5).double()
    with torch.no_grad():
        ln.weight.copy_(1.0 + 0.5 * torch.randn(c, dtype=torch.float64))
        ln.bias.copy_(0.3 * torch.randn(c, dtype=torch.float64))
    fc, proj = linear_pair(c, hidden)
    x = rows_of_x(c)
    g = torch.randn(B, T, c, dtype=torch.float64)
    y = x + proj(F.gelu(fc(ln(x)), approximate="tanh"))
    (y * g).sum().backward()
    return ([("block.x", x), ("block.g", g), ("block.y", y), ("block.dx", x.grad),
             ("block.ln.weight", ln.weight), ("block.ln.bias", ln.bias), ("block.ln.dweight", ln.weight.grad),
             ("block.ln.dbias", ln.bias.grad)] + linear_arrays("block.mlp.fc", fc) +
            linear_arrays("block.mlp.proj", proj))


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    arrays = layer_norm_case() + rms_norm_case() + mlp_case() + block_case()
    goldenfile.write(OUT, "tools/golden/transformer_norms.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, once, cases in order: ln, rms, mlp, block)", arrays)


if __name__ == "__main__":
    main()
