#!/usr/bin/python3
"""Golden values for transformer/09_interpretability from PyTorch and NumPy: the attention maps of
the tiny GPT of transformer/05 (tools/golden/transformer_gpt.py), their head averages and their
rollouts, in float64.

    /usr/bin/python3 tools/golden/transformer_interpretability.py
    # writes tests/golden/transformer/09_interpretability.txt

The model, its weights and its ids are transformer/05's: the same sizes (V = 13, P = 8, L = 2,
H = 2, C = 8; B = 2 sequences of T = 6 ids), the same seed and draws (imported from
transformer_gpt.py), so the tests load the weights from tests/golden/transformer/05_gpt_forward.txt.
The forward is written again here from torch operations, as transformer_gpt.py's, but keeps each
block's attention weights att (B, H, T, T) = softmax(masked_fill(q k^T / sqrt(d), -inf)).

Arrays:
    ids (B, T)                       the input ids (as numbers), 05's
    weights.l (B*H, T, T)            block l's attention weights, problem b*H + h (the C++ layout)
    average.l (B, T, T)              their mean over the H heads
    rollout.half (B, T, T)           Abnar & Zuidema's rollout with residual r = 0.5:
    rollout.zero (B, T, T)           ... and r = 0: A_hat_l = (1 - r) mean_h A_l + r I,
                                     rollout = A_hat_{L-1} ... A_hat_0 (NumPy matrix products)
"""
import math
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F
import transformer_gpt as gpt

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "09_interpretability.txt"


def attention_weights(w, ids):
    """transformer_gpt.forward, keeping each block's att (B, H, T, T)."""
    b, t = ids.shape
    C, H, L = gpt.C, gpt.H, gpt.L
    x = w["wte.weight"][ids] + w["wpe.weight"][:t]
    hidden = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True: may not attend
    d = C // H
    maps = []
    for l in range(L):
        p = f"blocks.{l}"
        a = F.layer_norm(x, (C,), w[f"{p}.ln1.weight"], w[f"{p}.ln1.bias"], 1e-5)
        qkv = a @ w[f"{p}.attn.qkv.weight"].T + w[f"{p}.attn.qkv.bias"]
        q, k, v = qkv.split(C, dim=-1)
        q, k, v = (z.view(b, t, H, d).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d)
        att = torch.softmax(scores.masked_fill(hidden, float("-inf")), dim=-1)
        maps.append(att)
        y = (att @ v).transpose(1, 2).reshape(b, t, C)
        x = x + y @ w[f"{p}.attn.proj.weight"].T + w[f"{p}.attn.proj.bias"]
        m = F.layer_norm(x, (C,), w[f"{p}.ln2.weight"], w[f"{p}.ln2.bias"], 1e-5)
        m = F.gelu(m @ w[f"{p}.mlp.fc.weight"].T + w[f"{p}.mlp.fc.bias"], approximate="tanh")
        x = x + m @ w[f"{p}.mlp.proj.weight"].T + w[f"{p}.mlp.proj.bias"]
    return maps


def rollout(averages, r):
    """(B, T, T): A_hat_{L-1} ... A_hat_0 per sequence, A_hat_l = (1 - r) averages[l] + r I."""
    b, t, _ = averages[0].shape
    out = np.zeros((b, t, t))
    for s in range(b):
        product = np.eye(t)
        for a in averages:
            product = ((1.0 - r) * a[s] + r * np.eye(t)) @ product
        out[s] = product
    return out


def check_same_as_05(w, ids):
    """The tests take the weights from 05's golden file: they must be the ones drawn here."""
    lines = (pathlib.Path(gpt.OUT)).read_text().splitlines()
    arrays = {lines[i].split()[1]: np.array(lines[i + 1].split(), dtype=float)
              for i in range(len(lines)) if lines[i].startswith("array ")}
    for name, _ in gpt.names():
        assert np.array_equal(arrays[name], w[name].numpy().ravel()), name
    assert np.array_equal(arrays["ids"], ids.numpy().ravel().astype(float)), "ids"


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(gpt.SEED)  # transformer_gpt.main's stream: the tensors, then the ids
    w = {name: gpt.draw(name, shape) for name, shape in gpt.names()}
    ids = torch.randint(0, gpt.V, (gpt.B, gpt.T + 1))[:, :gpt.T]
    check_same_as_05(w, ids)
    with torch.no_grad():
        maps = attention_weights(w, ids)
    averages = [m.mean(dim=1).numpy() for m in maps]
    arrays = [("ids", ids.double())]
    for l, m in enumerate(maps):
        arrays.append((f"weights.{l}", m.reshape(gpt.B * gpt.H, gpt.T, gpt.T)))
    for l, a in enumerate(averages):
        arrays.append((f"average.{l}", a))
    arrays += [("rollout.half", rollout(averages, 0.5)), ("rollout.zero", rollout(averages, 0.0))]
    goldenfile.write(OUT, "tools/golden/transformer_interpretability.py",
                     f"torch {torch.__version__} numpy {np.__version__}",
                     f"{gpt.SEED} (transformer_gpt.py's: torch.manual_seed, the tensors in registration order, "
                     "then the ids)", arrays)


if __name__ == "__main__":
    main()
