#!/usr/bin/python3
"""Golden values for transformer/02_multi_head from PyTorch's own torch.nn.MultiheadAttention:
forward and backward in float64, with and without masks.

    /usr/bin/python3 tools/golden/transformer_multi_head.py   # writes tests/golden/transformer/02_multi_head.txt

torch.nn.MultiheadAttention(C, H, batch_first=True) computes exactly the layer of the topic: one
fused in-projection whose weight (3C, C) stacks the query, key and value rows (in_proj_weight,
in_proj_bias), H heads of d = C/H channels, and out_proj. Its masks are boolean with True meaning
"may not attend": attn_mask = the strict upper triangle (causal), key_padding_mask = True at the
padded positions t >= length[b]. The biases, zero by default, are drawn N(0, 1) so that a bias bug
shows. The loss is sum(y * g) for a fixed random g; backward() gives the gradients.

Cases (C = 6, H = 2 unless said):
  masked  B=2, T=4, causal and lengths (4, 2)
  plain   B=2, T=3, no mask, H = 3 (d = 2)
For each case P: P.x (B,T,C), P.g, P.lengths (B), P.causal (1 or 0), P.heads (1), the C++ store's
tensors "P.qkv.weight" (3C,C), "P.qkv.bias", "P.proj.weight" (C,C), "P.proj.bias", P.y, P.weights
(B,H,T,T; per head, average_attn_weights=False), P.dx and "P.grad." + each tensor's name.
"""
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 22
C = 6
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "02_multi_head.txt"


def case(name, b, t, h, causal, lengths):
    mha = torch.nn.MultiheadAttention(C, h, batch_first=True).double()
    with torch.no_grad():
        mha.in_proj_bias.normal_()
        mha.out_proj.bias.normal_()
    x = torch.randn(b, t, C, dtype=torch.float64, requires_grad=True)
    g = torch.randn(b, t, C, dtype=torch.float64)
    lengths = lengths or [t] * b
    attn_mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1) if causal else None
    padding = torch.tensor([[s >= n for s in range(t)] for n in lengths], dtype=torch.bool)
    y, weights = mha(x, x, x, attn_mask=attn_mask, key_padding_mask=padding, need_weights=True,
                     average_attn_weights=False)
    (y * g).sum().backward()
    named = [("qkv.weight", mha.in_proj_weight), ("qkv.bias", mha.in_proj_bias),
             ("proj.weight", mha.out_proj.weight), ("proj.bias", mha.out_proj.bias)]
    arrays = [(f"{name}.x", x), (f"{name}.g", g), (f"{name}.lengths", np.array(lengths, dtype=float)),
              (f"{name}.causal", np.array([1.0 if causal else 0.0])), (f"{name}.heads", np.array([float(h)]))]
    arrays += [(f"{name}.{n}", p) for n, p in named]
    arrays += [(f"{name}.y", y), (f"{name}.weights", weights), (f"{name}.dx", x.grad)]
    arrays += [(f"{name}.grad.{n}", p.grad) for n, p in named]
    return arrays


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    arrays = case("masked", 2, 4, 2, True, [4, 2]) + case("plain", 2, 3, 3, False, None)
    goldenfile.write(OUT, "tools/golden/transformer_multi_head.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, once, cases in order)", arrays)


if __name__ == "__main__":
    main()
