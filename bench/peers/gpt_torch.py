#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer of bench/transformer_gpt.cpp: one full GPT training step in PyTorch (forward,
cross-entropy, backward, gradient clipping, AdamW) at the same configurations, on one thread.

A maintainer's tool, not a CI step (the project's tests never need Python). Run it beside the C++
benchmark on a quiet machine and copy the lines it prints into bench/README.md:

    OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_transformer_gpt --benchmark_filter=train_step
    /usr/bin/python3 bench/peers/gpt_torch.py

The model is transformer/05's, written as nanoGPT's model.py writes it for PyTorch 1.13 (which has
no scaled_dot_product_attention): nn.Embedding for tokens and positions, pre-LN blocks of
nn.LayerNorm, a fused nn.Linear(C, 3C), causal attention by masked_fill and softmax, nn.Linear(C, C),
nn.LayerNorm, nn.Linear(C, 4C), nn.GELU(approximate="tanh"), nn.Linear(4C, C); a final LayerNorm and
the head tied to the token embedding. Its state_dict names are transformer/05's (wte.weight,
blocks.0.attn.qkv.weight, ..., ln_f.bias), so bench/peers/char_gpt_torch.py loads llmlings' weights. Weights as GPT-2 initialises them (N(0, 0.02²), the two
residual projections N(0, (0.02/√(2L))²)). The step, as nanoGPT's train.py: zero_grad
(set_to_none=True, PyTorch's faster form), loss = F.cross_entropy, backward, clip_grad_norm_(1.0),
torch.optim.AdamW(lr 1e-3, betas (0.9, 0.95), weight decay 0.1 on the tensors of 2+ dimensions).
The batch is fixed random ids (the work per step does not depend on them). Timing: the median of
`--repeats` runs of `--iterations` steps each, after two warm-up steps, with time.perf_counter
(wall) and time.process_time (the process's CPU time, which a busy machine inflates less).
"""
import argparse
import math
import os
import platform
import statistics
import sys
import time

# One thread for the BLAS too: Debian's torch calls the system libblas.so.3 (OpenBLAS), which
# starts one thread per core unless told before it is loaded; torch.set_num_threads does not reach
# it. (--threads N sets both.)
_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "1"
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, _threads)

import torch  # noqa: E402 (after the environment it reads)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# name: (V, P, L, H, C, B, T), the same as bench/transformer_gpt.cpp's
CONFIGS = {"small": (256, 64, 4, 4, 128, 16, 64), "large": (256, 128, 6, 8, 256, 8, 128)}


class Attention(nn.Module):
    def __init__(self, C, H, P):
        super().__init__()
        self.qkv, self.proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.H = H
        self.register_buffer("hidden", torch.triu(torch.ones(P, P, dtype=torch.bool), diagonal=1), persistent=False)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.H, c // self.H).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = F.softmax(att.masked_fill(self.hidden[:t, :t], float("-inf")), dim=-1)
        return self.proj((att @ v).transpose(1, 2).contiguous().view(b, t, c))


class MLP(nn.Module):
    def __init__(self, C):
        super().__init__()
        self.fc, self.proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)
        self.gelu = nn.GELU(approximate="tanh")

    def forward(self, x):
        return self.proj(self.gelu(self.fc(x)))


class Block(nn.Module):
    """Pre-LN: x + attn(ln1(x)), then + mlp(ln2(.)); the parameters' names are llmlings' store's."""

    def __init__(self, C, H, P):
        super().__init__()
        self.ln1, self.attn, self.ln2, self.mlp = nn.LayerNorm(C), Attention(C, H, P), nn.LayerNorm(C), MLP(C)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, V, P, L, H, C):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(P, C)
        self.blocks = nn.ModuleList(Block(C, H, P) for _ in range(L))
        self.ln_f = nn.LayerNorm(C)
        for name, p in self.named_parameters():
            if name.endswith("proj.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * L))
            elif p.dim() >= 2:
                nn.init.normal_(p, 0.0, 0.02)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(t))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T


def measure(name, iterations, repeats):
    V, P, L, H, C, B, T = CONFIGS[name]
    torch.manual_seed(1)
    model = GPT(V, P, L, H, C)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95))
    ids = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids).view(-1, V), targets.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(2):
        step()
    runs, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(iterations):
            step()
        runs.append((time.perf_counter() - start) / iterations)
        cpu.append((time.process_time() - start_cpu) / iterations)
    return statistics.median(runs), statistics.median(cpu), sum(p.numel() for p in model.parameters()), B * T


def generation(iterations, repeats):
    """Tokens per second of greedy generation of P - 1 tokens after a 1-token prompt at the small
    configuration, B = 1: without a cache (nanoGPT's generate: the whole window every token) and
    with one (each block's keys and values kept and extended; the attention of the new query over
    them), both under torch.no_grad()."""
    V, P, L, H, C, B, T = CONFIGS["small"]
    torch.manual_seed(1)
    model = GPT(V, P, L, H, C).eval()
    new = P - 1

    def uncached():
        ids = torch.zeros(1, 1, dtype=torch.long)
        for _ in range(new):
            logits = model(ids[:, -P:])
            ids = torch.cat([ids, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
        return ids

    def cached():
        ids = torch.zeros(1, 1, dtype=torch.long)
        keys, values = [None] * L, [None] * L
        for t in range(new):
            x = model.wte(ids[:, -1:]) + model.wpe.weight[t:t + 1]
            for l, block in enumerate(model.blocks):
                a = block.attn
                q, k, v = a.qkv(block.ln1(x)).split(C, dim=2)
                q, k, v = (z.view(1, 1, H, C // H).transpose(1, 2) for z in (q, k, v))
                keys[l] = k if keys[l] is None else torch.cat([keys[l], k], dim=2)
                values[l] = v if values[l] is None else torch.cat([values[l], v], dim=2)
                att = F.softmax((q @ keys[l].transpose(-2, -1)) / math.sqrt(C // H), dim=-1)
                x = x + a.proj((att @ values[l]).transpose(1, 2).reshape(1, 1, C))
                x = x + block.mlp(block.ln2(x))
            logits = model.ln_f(x) @ model.wte.weight.T
            ids = torch.cat([ids, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
        return ids

    out = {}
    with torch.no_grad():
        assert torch.equal(uncached(), cached()), "the cached generation differs from the uncached one"
        for name, run in (("without cache", uncached), ("with cache", cached)):
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                for _ in range(iterations):
                    run()
                times.append((time.perf_counter() - start) / iterations)
            out[name] = new / statistics.median(times)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--config", choices=sorted(CONFIGS), nargs="*", default=["small", "large"])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {platform.python_implementation()} {platform.python_version()}, "
          f"{torch.get_num_threads()} thread(s), OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    for name, rate in generation(args.iterations, args.repeats).items():
        print(f"generate/small, greedy, 63 tokens {name}: {rate:,.0f} tokens/s")
    for name in args.config:
        seconds, cpu, params, tokens = measure(name, args.iterations, args.repeats)
        V, P, L, H, C, B, T = CONFIGS[name]
        print(f"train_step/{name} (L {L}, H {H}, C {C}, B {B}, T {T}; {params:,} parameters): "
              f"{1e3 * seconds:.1f} ms/step ({1e3 * cpu:.1f} ms of CPU), {1 / seconds:.2f} steps/s, "
              f"{tokens / seconds:,.0f} tokens/s")


if __name__ == "__main__":
    main()
