#!/usr/bin/python3
"""Golden values for transformer/08_bert from PyTorch: a tiny BERT-style encoder (transformer/05's
GPT trunk without the causal mask, padded batches) with its masked-LM head and a classifier of
K = 3 classes on the [CLS] position; the logits, the losses, the gradient of every tensor after
one backward of each loss in float64, and the losses of ten AdamW classification steps in float64
and float32 from the same starting weights.

    /usr/bin/python3 tools/golden/transformer_bert.py   # writes tests/golden/transformer/08_bert.txt

The trunk is transformer/05's generator's (tools/golden/transformer_gpt.py: forward(w, ids,
lengths) is the final norm's output (B*T, C) with every token seeing every real key of its
sequence, keys j >= lengths[b] hidden; its sizes V 13, P 8, L 2, H 2, C 8 and its tensor names),
imported from there. On it:
    MLM logits  = hidden @ wte.T  (B*T, V)      the tied head, as the GPT's
    MLM loss    = F.cross_entropy(logits, targets, ignore_index=-100)
    class logits = hidden[b*T] @ classifier.weight.T + classifier.bias  (B, K)   the [CLS] row
    class loss   = F.cross_entropy(class logits, labels)

Tokens: 0..8 are ordinary, 9 is [PAD], 10 [CLS], 11 [SEP], 12 [MASK]. A sequence of length n is
[CLS], n - 2 ordinary tokens, [SEP], then [PAD] up to T = 6. The masked-LM batch (lengths 6 and
4) has three chosen positions, one of each kind of BERT's corruption: (0, 2) replaced by [MASK],
(0, 4) by another ordinary token, (1, 1) kept; their targets are the original tokens and every
other target is -100.

Weights: torch.manual_seed(SEED), then transformer_gpt.draw for every tensor in registration order
(the GPT's, then classifier.weight N(0, 0.3²) and classifier.bias N(0, 0.1²)), in float64; then the
masked-LM batch's ordinary tokens; then the STEPS classification batches (lengths in 2..6, ordinary
tokens, labels in 0..K-1). The float32 run starts from the float64 values rounded to float32, as
the C++ test does.
Training, as transformer/06's golden run: torch.optim.AdamW with lr 1e-2, betas (0.9, 0.95), eps
1e-8, weight decay 0.1 on the tensors of two or more dimensions and 0 on the rest;
torch.nn.utils.clip_grad_norm_(params, 1.0) before every step. Each step: zero the gradients, the
classification loss of batch s, backward, clip, step.

Arrays: every starting tensor (float64) under the C++ store's names; ids (B, T) (the uncorrupted
batch), corrupted (B, T), lengths (B), targets (B, T) with -100 where not chosen; mlm_logits
(B*T, V), mlm_loss (1), labels (B), class_logits (B, K), class_loss (1); `mlm_grad.NAME` and
`class_grad.NAME` (float64) for every tensor after one backward of each loss from zero gradients
(the MLM loss of the corrupted batch, the classification loss of the uncorrupted one); step_ids
(STEPS, B, T), step_lengths (STEPS, B), step_labels (STEPS, B); loss64 and loss32 (STEPS): each
step's loss before its update; norm64 (STEPS): the gradient norm clip_grad_norm_ returned.
"""
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F
import transformer_gpt as gpt

SEED = 31
STEPS = 10
K = 3
B, T = 2, 6
NORMAL, PAD, CLS, SEP, MASK = 9, 9, 10, 11, 12
LENGTHS = [6, 4]
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "transformer" / "08_bert.txt"


def names():
    """The C++ store's tensors, in registration order: the GPT's, then the classifier."""
    return gpt.names() + [("classifier.weight", (K, gpt.C)), ("classifier.bias", (K,))]


def sequences(lengths):
    """[CLS], ordinary tokens, [SEP], [PAD]...: one row per length, drawn from torch's generator."""
    ids = torch.randint(0, NORMAL, (len(lengths), T))
    for b, n in enumerate(lengths):
        ids[b, 0] = CLS
        ids[b, n - 1] = SEP
        ids[b, n:] = PAD
    return ids


def class_logits(w, ids, lengths):
    hidden = gpt.forward(w, ids, lengths).view(len(lengths), T, gpt.C)
    return hidden[:, 0, :] @ w["classifier.weight"].T + w["classifier.bias"]


def mlm_logits(w, ids, lengths):
    return gpt.forward(w, ids, lengths) @ w["wte.weight"].T


def gradients(start, loss_of):
    """The float64 gradient of every tensor after one backward of loss_of(w) (0 for a tensor that
    the loss does not use: the classifier, for the masked-LM loss)."""
    w = {name: start[name].clone().requires_grad_(True) for name, _ in names()}
    loss_of(w).backward()
    return {name: torch.zeros_like(w[name]) if w[name].grad is None else w[name].grad.detach().clone()
            for name, _ in names()}


def train(start, ids, lengths, labels, dtype):
    """Trains a copy of `start` in `dtype` on the classification batches; the losses and norms."""
    w = {name: start[name].to(dtype).clone().requires_grad_(True) for name, _ in names()}
    decay = [w[n] for n, shape in names() if len(shape) >= 2]
    rest = [w[n] for n, shape in names() if len(shape) < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-2, betas=(0.9, 0.95), eps=1e-8)
    losses, norms = [], []
    for s in range(STEPS):
        opt.zero_grad(set_to_none=False)
        loss = F.cross_entropy(class_logits(w, ids[s], lengths[s]), labels[s])
        loss.backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_(list(w.values()), 1.0)))
        opt.step()
        losses.append(float(loss))
    return losses, norms


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    start = {name: gpt.draw(name, shape) for name, shape in names()}
    ids = sequences(LENGTHS)
    corrupted, targets = ids.clone(), torch.full((B, T), -100, dtype=torch.long)
    for b, t, replacement in [(0, 2, MASK), (0, 4, (int(ids[0, 4]) + 3) % NORMAL), (1, 1, int(ids[1, 1]))]:
        targets[b, t] = ids[b, t]
        corrupted[b, t] = replacement
    labels = torch.tensor([2, 0])
    step_lengths = [[int(n) for n in torch.randint(2, T + 1, (B,))] for _ in range(STEPS)]
    step_ids = [sequences(lengths) for lengths in step_lengths]
    step_labels = [torch.randint(0, K, (B,)) for _ in range(STEPS)]

    mlm = mlm_logits(start, corrupted, LENGTHS)
    mlm_loss = F.cross_entropy(mlm, targets.reshape(-1), ignore_index=-100)
    cls = class_logits(start, ids, LENGTHS)
    class_loss = F.cross_entropy(cls, labels)
    mlm_grads = gradients(start, lambda w: F.cross_entropy(mlm_logits(w, corrupted, LENGTHS), targets.reshape(-1),
                                                           ignore_index=-100))
    class_grads = gradients(start, lambda w: F.cross_entropy(class_logits(w, ids, LENGTHS), labels))
    loss64, norm64 = train(start, step_ids, step_lengths, step_labels, torch.float64)
    loss32, _ = train(start, step_ids, step_lengths, step_labels, torch.float32)

    arrays = [(name, start[name]) for name, _ in names()]
    arrays += [("ids", ids.double()), ("corrupted", corrupted.double()), ("lengths", LENGTHS),
               ("targets", targets.double()), ("mlm_logits", mlm), ("mlm_loss", mlm_loss.reshape(1)),
               ("labels", labels.double()), ("class_logits", cls), ("class_loss", class_loss.reshape(1))]
    arrays += [("mlm_grad." + name, mlm_grads[name]) for name, _ in names()]
    arrays += [("class_grad." + name, class_grads[name]) for name, _ in names()]
    arrays += [("step_ids", torch.stack(step_ids).double()), ("step_lengths", step_lengths),
               ("step_labels", torch.stack(step_labels).double())]
    arrays += [("loss64", loss64), ("loss32", loss32), ("norm64", norm64)]
    goldenfile.write(OUT, "tools/golden/transformer_bert.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, then the tensors in registration order, then the ids)", arrays)


if __name__ == "__main__":
    main()
