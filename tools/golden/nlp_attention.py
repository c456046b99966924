#!/usr/bin/python3
"""Golden values for nlp/09_attention from PyTorch: one forward and backward of a tiny attentional
GRU encoder-decoder (Luong's global attention) on a padded batch, for each score function, in
float64.

    /usr/bin/python3 tools/golden/nlp_attention.py   # writes tests/golden/nlp/09_attention.txt

The model is nlp/08's (tools/golden/nlp_seq2seq.py: nn.Embedding with padding_idx, a packed
nn.GRU encoder, an nn.GRU decoder from the encoder's final state, teacher forcing) with attention
written from torch operations, independently of the C++ code:

  scores   dot:      h_t . hbar_s                          (Luong et al. 2015, eq. 8)
           general:  h_t . (W_a hbar_s), W_a = nn.Linear(H, H, bias=False)
           additive: v . tanh(W_q h_t + W_k hbar_s), nn.Linear(H, A), nn.Linear(H, A),
                     nn.Linear(A, 1), all bias=False  (Bahdanau et al. 2015, eq. 6)
  mask     scores.masked_fill(src == PAD, -inf), then softmax over the source positions
  context  c_t = sum_s a_ts hbar_s; h~_t = tanh(W_c [c_t; h_t]), W_c = nn.Linear(2H, H, bias=False)
  logits   nn.Linear(H, V) of h~_t;  loss F.cross_entropy(..., ignore_index=PAD)

Sizes B=3, S=5, T=4, V_SRC=6, V=7, E=3, H=4, A=3; PAD=0, BOS=1, EOS=2; source lengths 5, 3, 1
(no empty source: PyTorch's softmax over only -inf is NaN, where the C++ documents 0). Parameters:
PyTorch's default initialisation after torch.manual_seed(SEED) for each model, in the order the
modules are created; every GRU weight scaled by 2 and every attention weight by 3 (so that the
gates are not all near one half and the weights not all near uniform). For each score P in dot,
general, additive: "P." + the C++ store's name ("P.decoder.attention.general.weight") for the
values, "P.grad." + name for the gradients, and P.weights (B,T,S), P.context (B,T,H), P.logits
(B,T,V), P.loss (1). Also src and tgt (ids as numbers).
"""
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SEED = 9
B, S, T, V_SRC, V, E, H, A = 3, 5, 4, 6, 7, 3, 4, 3
PAD, BOS, EOS = 0, 1, 2
SRC = [[3, 5, 4, 1, 2], [2, 4, 5, 0, 0], [5, 0, 0, 0, 0]]
TGT = [[4, 3, EOS, PAD], [6, 5, 3, EOS], [EOS, PAD, PAD, PAD]]
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nlp" / "09_attention.txt"


def model(score):
    """One forward and backward; returns the (name, array) pairs of this score."""
    torch.manual_seed(SEED)
    enc_emb = torch.nn.Embedding(V_SRC, E, padding_idx=PAD).double()
    enc_gru = torch.nn.GRU(E, H, batch_first=True).double()
    dec_emb = torch.nn.Embedding(V, E, padding_idx=PAD).double()
    dec_gru = torch.nn.GRU(E, H, batch_first=True).double()
    out = torch.nn.Linear(H, V).double()
    named = [("encoder.embedding.weight", enc_emb.weight),
             ("encoder.gru.ih.weight", enc_gru.weight_ih_l0), ("encoder.gru.ih.bias", enc_gru.bias_ih_l0),
             ("encoder.gru.hh.weight", enc_gru.weight_hh_l0), ("encoder.gru.hh.bias", enc_gru.bias_hh_l0),
             ("decoder.embedding.weight", dec_emb.weight),
             ("decoder.gru.ih.weight", dec_gru.weight_ih_l0), ("decoder.gru.ih.bias", dec_gru.bias_ih_l0),
             ("decoder.gru.hh.weight", dec_gru.weight_hh_l0), ("decoder.gru.hh.bias", dec_gru.bias_hh_l0),
             ("decoder.out.weight", out.weight), ("decoder.out.bias", out.bias)]
    attention = []
    if score == "general":
        w_a = torch.nn.Linear(H, H, bias=False).double()
        attention = [("decoder.attention.general.weight", w_a.weight)]
    elif score == "additive":
        w_q = torch.nn.Linear(H, A, bias=False).double()
        w_k = torch.nn.Linear(H, A, bias=False).double()
        v = torch.nn.Linear(A, 1, bias=False).double()
        attention = [("decoder.attention.query.weight", w_q.weight), ("decoder.attention.key.weight", w_k.weight),
                     ("decoder.attention.v.weight", v.weight)]
    combine = torch.nn.Linear(2 * H, H, bias=False).double()
    named += attention + [("decoder.combine.weight", combine.weight)]
    with torch.no_grad():
        for gru in (enc_gru, dec_gru):
            gru.weight_ih_l0.mul_(2.0)
            gru.weight_hh_l0.mul_(2.0)
        for _, p in attention:
            p.mul_(3.0)

    src = torch.tensor(SRC)
    tgt = torch.tensor(TGT)
    lengths = (src != PAD).sum(dim=1)
    packed = pack_padded_sequence(enc_emb(src), lengths, batch_first=True, enforce_sorted=False)
    packed_states, h_n = enc_gru(packed)
    keys, _ = pad_packed_sequence(packed_states, batch_first=True, total_length=S)  # (B,S,H), 0 at pads
    dec_in = torch.cat([torch.full((B, 1), BOS), tgt[:, :-1]], dim=1)
    queries, _ = dec_gru(dec_emb(dec_in), h_n)  # (B,T,H)
    if score == "dot":
        scores = queries @ keys.transpose(1, 2)
    elif score == "general":
        scores = queries @ w_a(keys).transpose(1, 2)
    else:
        scores = v(torch.tanh(w_q(queries)[:, :, None, :] + w_k(keys)[:, None, :, :])).squeeze(-1)
    scores = scores.masked_fill((src == PAD)[:, None, :], float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # (B,T,S)
    context = weights @ keys  # (B,T,H)
    attentional = torch.tanh(combine(torch.cat([context, queries], dim=-1)))
    logits = out(attentional)
    loss = F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1), ignore_index=PAD)
    loss.backward()

    arrays = [(f"{score}.{name}", p) for name, p in named]
    arrays += [(f"{score}.weights", weights), (f"{score}.context", context), (f"{score}.logits", logits),
               (f"{score}.loss", loss.reshape(1))]
    arrays += [(f"{score}.grad.{name}", p.grad) for name, p in named]
    return arrays


def main() -> None:
    torch.set_num_threads(1)
    arrays = [("src", np.array(SRC, dtype=float)), ("tgt", np.array(TGT, dtype=float))]
    for score in ("dot", "general", "additive"):
        arrays += model(score)
    goldenfile.write(OUT, "tools/golden/nlp_attention.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed, before each model)", arrays)


if __name__ == "__main__":
    main()
