#!/usr/bin/python3
"""Golden values for nn/10_rnn, nn/11_lstm and nn/12_gru from PyTorch: a forward pass over a short
sequence with torch.nn.RNNCell / LSTMCell / GRUCell and fixed weights, and the gradients autograd
gives for a fixed upstream gradient, all in float64.

    /usr/bin/python3 tools/golden/nn_recurrent.py   # writes tests/golden/nn/{10_rnn,11_lstm,12_gru}.txt

Sizes B=2 (batch), T=3 (steps), I=4 (input features), H=3 (hidden units). For each cell, drawn with
torch.manual_seed(SEED) in this order:

  W_ih (G*H,I)  W_hh (G*H,H)  b_ih (G*H)  b_hh (G*H)   G = 1 (RNN), 4 (LSTM: i,f,g,o), 3 (GRU: r,z,n)
  x    (B,T,I)  the input sequence (batch first)
  h0   (B,H)    the initial hidden state
  c0   (B,H)    the initial cell state (LSTM only)
  dy   (B,T,H)  the upstream gradient, i.e. the loss is L = sum(h * dy) over every step's output

and written with the outputs

  h    (B,T,H)  the hidden state after each step
  c    (B,T,H)  the cell state after each step (LSTM only)
  dx (B,T,I), dh0 (B,H), dc0 (B,H, LSTM only), dW_ih, dW_hh, db_ih, db_hh   from autograd
"""
import pathlib

import numpy as np

import goldenfile
import torch

SEED = 10
B, T, I, H = 2, 3, 4, 3
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nn"


def write(name: str, arrays: dict) -> None:
    goldenfile.write(OUT / name, "tools/golden/nn_recurrent.py",
                     f"torch {torch.__version__} numpy {np.__version__}", f"{SEED} (torch.manual_seed)", arrays)


def run(kind: str, gates: int, filename: str) -> None:
    torch.manual_seed(SEED)
    cls = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[kind]
    cell = cls(I, H).double()
    with torch.no_grad():
        cell.weight_ih.copy_(torch.randn(gates * H, I, dtype=torch.float64))
        cell.weight_hh.copy_(torch.randn(gates * H, H, dtype=torch.float64))
        cell.bias_ih.copy_(torch.randn(gates * H, dtype=torch.float64))
        cell.bias_hh.copy_(torch.randn(gates * H, dtype=torch.float64))
    x = torch.randn(B, T, I, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(B, H, dtype=torch.float64, requires_grad=True) if kind == "lstm" else None
    dy = torch.randn(B, T, H, dtype=torch.float64)
    hs, cs = [], []
    h, c = h0, c0
    for t in range(T):
        if kind == "lstm":
            h, c = cell(x[:, t, :], (h, c))
            cs.append(c)
        else:
            h = cell(x[:, t, :], h)
        hs.append(h)
    hseq = torch.stack(hs, dim=1)
    (hseq * dy).sum().backward()
    arrays = {"W_ih": cell.weight_ih, "W_hh": cell.weight_hh, "b_ih": cell.bias_ih,
              "b_hh": cell.bias_hh, "x": x, "h0": h0}
    if kind == "lstm":
        arrays["c0"] = c0
    arrays.update({"dy": dy, "h": hseq})
    if kind == "lstm":
        arrays["c"] = torch.stack(cs, dim=1)
    arrays.update({"dx": x.grad, "dh0": h0.grad})
    if kind == "lstm":
        arrays["dc0"] = c0.grad
    arrays.update({"dW_ih": cell.weight_ih.grad, "dW_hh": cell.weight_hh.grad,
                   "db_ih": cell.bias_ih.grad, "db_hh": cell.bias_hh.grad})
    write(filename, arrays)


def main() -> None:
    run("rnn", 1, "10_rnn.txt")
    run("lstm", 4, "11_lstm.txt")
    run("gru", 3, "12_gru.txt")


if __name__ == "__main__":
    main()
