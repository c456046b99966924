#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The PyTorch run of projects/char_gpt: the same model, starting weights, batches, schedule and
validation windows, trained by PyTorch 1.13; prints its validation losses beside which to read the
C++ run's.

A maintainer's tool, not a CI step (the project's tests never need Python):

    OPENBLAS_NUM_THREADS=1 build/projects/projects/project_char_gpt OUT --save-init
    /usr/bin/python3 bench/peers/char_gpt_torch.py --init OUT/char_gpt.init.safetensors --data .data

(--quick on both for the short run.) The starting weights come from the C++ program's
char_gpt.init.safetensors (read here with json and NumPy from the format's definition: 8 bytes of
little-endian header length, the JSON header, the raw little-endian data); the model is
bench/peers/gpt_torch.py's GPT, whose parameter names are the C++ store's. The batches are the
C++ program's: its metadata holds the state of its std::mt19937_64 after the initialisation,
which `mt19937_64` below continues (the generator's recurrence as C++11 fixes it), drawing each
window's start with llmlings::uniform_index's rejection sampling. The schedule is nn/07's
warmup_cosine_lr (linear warm-up from lr/10, then a cosine to min_lr), AdamW as the C++ run's
(betas 0.9, 0.95, eps 1e-8, weight decay 0.1 on tensors of 2+ dimensions), clipping at 1. The
validation windows are the C++ program's: `windows` windows of T + 1 bytes, their starts spread
evenly over the validation bytes with integer division.

Both runs start from the same numbers and see the same batches; they differ only in floating-point
rounding (float32 on both sides, different summation orders), which the training amplifies.
"""
import argparse
import json
import math
import os
import pathlib
import struct
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "1"
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, _threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gpt_torch  # noqa: E402

MASK64 = (1 << 64) - 1


class mt19937_64:
    """std::mt19937_64, continued from the state a C++ `os << gen` wrote (312 words, then the index)."""

    def __init__(self, text):
        words = [int(w) for w in text.split()]
        self.state, self.index = words[:312], words[312]

    def _twist(self):
        s = self.state
        for i in range(312):
            y = (s[i] & 0xFFFFFFFF80000000) | (s[(i + 1) % 312] & 0x7FFFFFFF)
            s[i] = s[(i + 156) % 312] ^ (y >> 1) ^ (0xB5026F5AA96619E9 if y & 1 else 0)
        self.index = 0

    def __call__(self):
        if self.index >= 312:
            self._twist()
        y = self.state[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & MASK64


def uniform_index(n, gen):
    """llmlings::uniform_index: a uniform integer in [0, n) by rejection."""
    limit = MASK64 - MASK64 % n
    while True:
        x = gen()
        if x < limit:
            return x % n


def read_safetensors(path):
    """The tensors (float32) and the metadata of a safetensors file."""
    raw = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: expected F32, got {entry['dtype']}")
        begin, end = entry["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"]).copy())
    return tensors, metadata


def warmup_cosine_lr(base, t, warmup, total, min_lr, start_factor=0.1):
    if t < warmup:
        return base * (start_factor + (1.0 - start_factor) * t / warmup)
    t, t_max = t - warmup, total - warmup
    if t >= t_max:
        return min_lr
    return min_lr + (base - min_lr) * (1.0 + math.cos(math.pi * t / t_max)) / 2.0


def validation_loss(model, tokens, first, last, windows, batch, T):
    span = last - first - (T + 1)
    total, done = 0.0, 0
    with torch.no_grad():
        while done < windows:
            rows = min(batch, windows - done)
            starts = [first + (done + b) * span // windows for b in range(rows)]
            ids = torch.stack([tokens[s:s + T] for s in starts])
            targets = torch.stack([tokens[s + 1:s + T + 1] for s in starts])
            logits = model(ids)
            total += float(F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.reshape(-1))) * rows
            done += rows
    return total / windows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--init", required=True, help="char_gpt.init.safetensors from project_char_gpt --save-init")
    parser.add_argument("--data", default=".data", help="the directory of kjv.tsv")
    parser.add_argument("--quick", action="store_true", help="the settings of project_char_gpt --quick")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    # project_char_gpt's run_config (and quick_config)
    B, lr, min_lr, warmup, every, eval_windows, final_windows = 16, 3e-3, 3e-4, 100, 250, 64, 1024
    if args.quick:
        B, lr, min_lr, warmup, every, eval_windows, final_windows = 8, 3e-3, 1e-3, 10, 50, 32, 128
    weights, meta = read_safetensors(args.init)
    V, P, L, H, C = (int(meta[k]) for k in ("vocab_size", "block_size", "layers", "heads", "channels"))
    steps, T = int(meta["steps"]), P
    model = gpt_torch.GPT(V, P, L, H, C)
    model.load_state_dict(weights, strict=True)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.95), eps=1e-8)
    lines = (pathlib.Path(args.data) / "kjv.tsv").read_text(encoding="utf-8").split("\n")
    text = "\n".join(line.split("\t")[3] for line in lines if line)
    tokens = torch.tensor(list(text.encode("utf-8")), dtype=torch.long)
    n = len(tokens)
    n_train = n - n // 20
    gen = mt19937_64(meta["rng"])
    print(f"torch {torch.__version__}; {n} bytes, {n_train} train; L {L} H {H} C {C} P {P}; {steps} steps of B {B}")
    loss_sum, in_sum = 0.0, 0
    for s in range(1, steps + 1):
        for group in opt.param_groups:
            group["lr"] = warmup_cosine_lr(lr, s - 1, warmup, steps, min_lr)
        starts = [uniform_index(n_train - T, gen) for _ in range(B)]
        ids = torch.stack([tokens[i:i + T] for i in starts])
        targets = torch.stack([tokens[i + 1:i + T + 1] for i in starts])
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids).view(-1, V), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss_sum, in_sum = loss_sum + float(loss), in_sum + 1
        if s % every == 0 or s == steps:
            valid = validation_loss(model, tokens, n_train, n, eval_windows, B, T)
            print(f"step {s:5d}/{steps}  loss {loss_sum / in_sum:.4f}  val {valid:.4f}", flush=True)
            loss_sum, in_sum = 0.0, 0
    valid = validation_loss(model, tokens, n_train, n, final_windows, B, T)
    print(f"final validation loss over {final_windows} windows of {T} bytes: {valid:.4f} nats per byte")


if __name__ == "__main__":
    main()
