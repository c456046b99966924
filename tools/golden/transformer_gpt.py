#!/usr/bin/python3
"""Golden values for transformer/05_gpt_forward from PyTorch: the logits and the next-token loss
of a tiny GPT with fixed weights, in float64.

    /usr/bin/python3 tools/golden/transformer_gpt.py   # writes tests/golden/transformer/05_gpt_forward.txt

The model is written here from torch operations, as GPT-2 and nanoGPT define it (PyTorch 1.13 has
no scaled_dot_product_attention): token and position embeddings (nn.Embedding), L pre-LN blocks
    h = x + proj(attention(split(qkv(ln1(x)))))      causal: masked_fill(mask, -inf), softmax
    x = h + mlp.proj(gelu_tanh(mlp.fc(ln2(h))))     F.gelu(approximate="tanh")
a final nn.LayerNorm and the LM head tied to the token embedding (logits = ln_f(x) @ wte.T), and
F.cross_entropy of the next token. Then the same model as an encoder (transformer/05's gpt_hidden
with no causal mask, as transformer/08 uses it): the final norm's output with every token seeing
every real key, the second sequence padded after key_lengths = (6, 4) tokens.

Sizes: V = 13, P = 8 positions, L = 2 blocks, H = 2 heads, C = 8 channels; a batch of B = 2
sequences of T = 6 ids. Weights: torch.manual_seed(SEED), then every weight N(0, 0.3²), every bias
N(0, 0.1²), every norm gain 1 + N(0, 0.1²), in registration order (so that every tensor matters and
no activation saturates). The tensors are written under the C++ store's names (wte.weight,
wpe.weight, blocks.l.ln1.weight, blocks.l.attn.qkv.weight, ..., ln_f.bias); then ids, targets
(ids as numbers), logits (B*T, V), loss (1), key_lengths (B) and hidden_padded (B*T, C).
"""
import math
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F

SEED = 23
V, P, L, H, C = 13, 8, 2, 2, 8
B, T = 2, 6
LENGTHS = [6, 4]
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "05_gpt_forward.txt"


def names():
    """The C++ store's tensors, in registration order, with their shapes."""
    out = [("wte.weight", (V, C)), ("wpe.weight", (P, C))]
    for l in range(L):
        p = f"blocks.{l}"
        out += [(f"{p}.ln1.weight", (C,)), (f"{p}.ln1.bias", (C,)),
                (f"{p}.attn.qkv.weight", (3 * C, C)), (f"{p}.attn.qkv.bias", (3 * C,)),
                (f"{p}.attn.proj.weight", (C, C)), (f"{p}.attn.proj.bias", (C,)),
                (f"{p}.ln2.weight", (C,)), (f"{p}.ln2.bias", (C,)),
                (f"{p}.mlp.fc.weight", (4 * C, C)), (f"{p}.mlp.fc.bias", (4 * C,)),
                (f"{p}.mlp.proj.weight", (C, 4 * C)), (f"{p}.mlp.proj.bias", (C,))]
    out += [("ln_f.weight", (C,)), ("ln_f.bias", (C,))]
    return out


def draw(name, shape):
    if name.endswith("bias"):
        return 0.1 * torch.randn(shape, dtype=torch.float64)
    if ".ln" in name or name.startswith("ln_f"):
        return 1.0 + 0.1 * torch.randn(shape, dtype=torch.float64)
    return 0.3 * torch.randn(shape, dtype=torch.float64)


def forward(w, ids, lengths=None):
    """The logits (B*T, V) under the causal mask; with `lengths`, the final norm's output (B*T, C)
    without the causal mask, key j of sequence b hidden when j >= lengths[b] (an encoder's mask)."""
    b, t = ids.shape
    x = w["wte.weight"][ids] + w["wpe.weight"][:t]
    if lengths is None:
        hidden = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True: may not attend
    else:
        keys = torch.arange(t).view(1, 1, 1, t)
        hidden = keys >= torch.tensor(lengths).view(b, 1, 1, 1)  # (B, 1, 1, T): every head, every query
    d = C // H
    for l in range(L):
        p = f"blocks.{l}"
        a = F.layer_norm(x, (C,), w[f"{p}.ln1.weight"], w[f"{p}.ln1.bias"], 1e-5)
        qkv = a @ w[f"{p}.attn.qkv.weight"].T + w[f"{p}.attn.qkv.bias"]
        q, k, v = qkv.split(C, dim=-1)
        q, k, v = (z.view(b, t, H, d).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d)
        att = torch.softmax(scores.masked_fill(hidden, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, C)
        x = x + y @ w[f"{p}.attn.proj.weight"].T + w[f"{p}.attn.proj.bias"]
        m = F.layer_norm(x, (C,), w[f"{p}.ln2.weight"], w[f"{p}.ln2.bias"], 1e-5)
        m = F.gelu(m @ w[f"{p}.mlp.fc.weight"].T + w[f"{p}.mlp.fc.bias"], approximate="tanh")
        x = x + m @ w[f"{p}.mlp.proj.weight"].T + w[f"{p}.mlp.proj.bias"]
    x = F.layer_norm(x, (C,), w["ln_f.weight"], w["ln_f.bias"], 1e-5)
    if lengths is not None:
        return x.reshape(b * t, C)
    return (x @ w["wte.weight"].T).reshape(b * t, V)


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    w = {name: draw(name, shape) for name, shape in names()}
    ids = torch.randint(0, V, (B, T + 1))
    inputs, targets = ids[:, :T], ids[:, 1:]
    logits = forward(w, inputs)
    loss = F.cross_entropy(logits, targets.reshape(-1))
    arrays = [(name, w[name]) for name, _ in names()]
    arrays += [("ids", inputs.double()), ("targets", targets.double()), ("logits", logits), ("loss", loss.reshape(1))]
    # transformer/05's gpt_hidden without the causal mask, the second sequence padded after 4 tokens
    arrays += [("key_lengths", torch.tensor(LENGTHS, dtype=torch.float64)),
               ("hidden_padded", forward(w, inputs, LENGTHS))]
    goldenfile.write(OUT, "tools/golden/transformer_gpt.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, then the tensors in registration order, then the ids)", arrays)


if __name__ == "__main__":
    main()
