#!/usr/bin/python3
"""Golden values for nlp/08_seq2seq from PyTorch: one forward and backward of a tiny GRU
encoder-decoder on a padded batch, with teacher forcing, in float64.

    /usr/bin/python3 tools/golden/nlp_seq2seq.py   # writes tests/golden/nlp/08_seq2seq.txt

The model is built from PyTorch's own modules, so every convention of the C++ topic is checked
against an independent implementation:

  encoder: nn.Embedding(V_SRC, E, padding_idx=PAD), nn.GRU(E, H, batch_first=True) run on
           pack_padded_sequence(..., enforce_sorted=False): the final state of a row is the state
           after its last token; pad_packed_sequence gives 0 at the pad positions
  decoder: nn.Embedding(V, E, padding_idx=PAD), nn.GRU(E, H, batch_first=True) from the encoder's
           final state, nn.Linear(H, V); inputs = BOS followed by the targets shifted right
  loss:    F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1), ignore_index=PAD): the mean
           over the target tokens that are not PAD

Sizes B=3, S=5, T=4, V_SRC=6, V=7, E=3, H=4; PAD=0, BOS=1, EOS=2. Source lengths 5, 3, 1; the
third target is only EOS. Parameters: PyTorch's default initialisation after
torch.manual_seed(SEED), in the order the modules are created, then every GRU weight scaled by 2 (so
that the gates are not all near one half). Arrays are named as the C++ store names its tensors
("encoder.gru.ih.weight" is weight_ih_l0 of the encoder's GRU); "grad." + name is its gradient.
Also written: src and tgt (ids as numbers), enc_states (B,S,H), enc_final (B,H), logits (B,T,V),
loss (1).
"""
import pathlib

import numpy as np

import goldenfile
import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SEED = 8
B, S, T, V_SRC, V, E, H = 3, 5, 4, 6, 7, 3, 4
PAD, BOS, EOS = 0, 1, 2
SRC = [[3, 5, 4, 1, 2], [2, 4, 5, 0, 0], [5, 0, 0, 0, 0]]
TGT = [[4, 3, EOS, PAD], [6, 5, 3, EOS], [EOS, PAD, PAD, PAD]]
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nlp" / "08_seq2seq.txt"


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    enc_emb = torch.nn.Embedding(V_SRC, E, padding_idx=PAD).double()
    enc_gru = torch.nn.GRU(E, H, batch_first=True).double()
    dec_emb = torch.nn.Embedding(V, E, padding_idx=PAD).double()
    dec_gru = torch.nn.GRU(E, H, batch_first=True).double()
    out = torch.nn.Linear(H, V).double()
    with torch.no_grad():
        for gru in (enc_gru, dec_gru):
            gru.weight_ih_l0.mul_(2.0)
            gru.weight_hh_l0.mul_(2.0)
    named = [("encoder.embedding.weight", enc_emb.weight),
             ("encoder.gru.ih.weight", enc_gru.weight_ih_l0), ("encoder.gru.ih.bias", enc_gru.bias_ih_l0),
             ("encoder.gru.hh.weight", enc_gru.weight_hh_l0), ("encoder.gru.hh.bias", enc_gru.bias_hh_l0),
             ("decoder.embedding.weight", dec_emb.weight),
             ("decoder.gru.ih.weight", dec_gru.weight_ih_l0), ("decoder.gru.ih.bias", dec_gru.bias_ih_l0),
             ("decoder.gru.hh.weight", dec_gru.weight_hh_l0), ("decoder.gru.hh.bias", dec_gru.bias_hh_l0),
             ("decoder.out.weight", out.weight), ("decoder.out.bias", out.bias)]

    src = torch.tensor(SRC)
    tgt = torch.tensor(TGT)
    lengths = (src != PAD).sum(dim=1)
    packed = pack_padded_sequence(enc_emb(src), lengths, batch_first=True, enforce_sorted=False)
    packed_states, h_n = enc_gru(packed)
    enc_states, _ = pad_packed_sequence(packed_states, batch_first=True, total_length=S)
    enc_states.retain_grad()
    dec_in = torch.cat([torch.full((B, 1), BOS), tgt[:, :-1]], dim=1)
    dec_states, _ = dec_gru(dec_emb(dec_in), h_n)
    logits = out(dec_states)
    loss = F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1), ignore_index=PAD)
    loss.backward()

    arrays = [("src", np.array(SRC, dtype=float)), ("tgt", np.array(TGT, dtype=float))]
    arrays += [(name, p) for name, p in named]
    arrays += [("enc_states", enc_states), ("enc_final", h_n[0]), ("logits", logits), ("loss", loss.reshape(1))]
    arrays += [("grad." + name, p.grad) for name, p in named]
    goldenfile.write(OUT, "tools/golden/nlp_seq2seq.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed)", arrays)


if __name__ == "__main__":
    main()
