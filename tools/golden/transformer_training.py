#!/usr/bin/python3
"""Golden values for transformer/06_gpt_training from PyTorch: the gradients of every tensor of a
tiny GPT after one backward pass, and the losses of ten AdamW training steps, in float64 and in
float32 from the same starting weights.

    /usr/bin/python3 tools/golden/transformer_training.py   # writes tests/golden/transformer/06_gpt_training.txt

The model is transformer/05's generator's (tools/golden/transformer_gpt.py: the GPT written from
torch operations, its sizes V 13, P 8, L 2, H 2, C 8 and its tensor names), imported from there;
autograd gives the gradients (the tied wte gets the sum of its two uses by itself).

Weights: torch.manual_seed(SEED), then transformer_gpt.draw for every tensor in registration
order (weights N(0, 0.3²), biases N(0, 0.1²), norm gains 1 + N(0, 0.1²)), drawn in float64; the
float32 run starts from those values rounded to float32, as the C++ test does.
Data: STEPS batches of B = 2 sequences of T = 6 ids, drawn once (torch.randint over V) after the
weights; batch s is ids[s], its targets targets[s] (the next ids).
Training, as nanoGPT configures it: torch.optim.AdamW with lr 1e-2, betas (0.9, 0.95), eps 1e-8,
weight decay 0.1 on the tensors of two or more dimensions (the matrices and the embeddings) and 0 on
the rest (biases, norm gains); torch.nn.utils.clip_grad_norm_(params, 1.0) before every step.
Each step: zero the gradients, loss = F.cross_entropy of the next token, backward, clip, step.

Arrays: every starting tensor (float64) under the C++ store's names; ids and targets (STEPS, B, T);
`grad.NAME` (float64) and `grad32.NAME` (float32) for every tensor after the first backward;
loss64 and loss32 (STEPS): the loss of each step, before its update; norm64 (STEPS): the gradient
norm clip_grad_norm_ returned.
"""
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F
import transformer_gpt as gpt

SEED = 29
STEPS = 10
B, T = 2, 6
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "06_gpt_training.txt"


def train(start, ids, targets, dtype):
    """Trains a copy of `start` in `dtype`; returns the first step's gradients, the losses and norms."""
    w = {name: start[name].to(dtype).clone().requires_grad_(True) for name, _ in gpt.names()}
    decay = [w[n] for n, shape in gpt.names() if len(shape) >= 2]
    rest = [w[n] for n, shape in gpt.names() if len(shape) < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-2, betas=(0.9, 0.95), eps=1e-8)
    losses, norms, first = [], [], None
    for s in range(STEPS):
        opt.zero_grad(set_to_none=False)
        logits = gpt.forward(w, ids[s])
        loss = F.cross_entropy(logits, targets[s].reshape(-1))
        loss.backward()
        if first is None:
            first = {name: w[name].grad.detach().clone() for name, _ in gpt.names()}
        norms.append(float(torch.nn.utils.clip_grad_norm_(list(w.values()), 1.0)))
        opt.step()
        losses.append(float(loss))
    return first, losses, norms


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    start = {name: gpt.draw(name, shape) for name, shape in gpt.names()}
    stream = torch.randint(0, gpt.V, (STEPS, B, T + 1))
    ids, targets = stream[:, :, :T], stream[:, :, 1:]
    grads64, loss64, norm64 = train(start, ids, targets, torch.float64)
    grads32, loss32, _ = train(start, ids, targets, torch.float32)
    arrays = [(name, start[name]) for name, _ in gpt.names()]
    arrays += [("ids", ids.double()), ("targets", targets.double())]
    arrays += [("grad." + name, grads64[name]) for name, _ in gpt.names()]
    arrays += [("grad32." + name, grads32[name].double()) for name, _ in gpt.names()]
    arrays += [("loss64", loss64), ("loss32", loss32), ("norm64", norm64)]
    goldenfile.write(OUT, "tools/golden/transformer_training.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, then the tensors in registration order, then the ids)", arrays)


if __name__ == "__main__":
    main()
