#!/usr/bin/python3
"""Golden values for ml/03_logistic_regression from NumPy: a few steps of batch gradient descent
from fixed starting weights, computed independently of the C++ code.

    /usr/bin/python3 tools/golden/ml_logistic.py    # writes tests/golden/ml/03_logistic_regression.txt

Two small problems drawn from numpy.random.default_rng(SEED):

  binary       X_bin (12,3), y_bin (12) in {0,1}; start w (3), b; loss = mean BCE + (l2/2)|w|^2
  multinomial  X_soft (15,3), y_soft (15) in {0,1,2}; start W (3,3), b (3);
               loss = mean cross-entropy + (l2/2)|W|_F^2

Each step is  theta <- theta - lr * grad(theta)  on all examples (batch gradient descent), the bias
unpenalised. Written out, per problem:

  settings_*     (3)        lr, l2, steps
  w_bin_steps    (6,3)      w after 0, 1, ..., 5 steps (row 0 is the start)
  b_bin_steps    (6)        b after 0, ..., 5 steps
  loss_bin       (6)        the loss at those points
  W_soft_steps   (6,3,3)    W after 0, ..., 5 steps
  b_soft_steps   (6,3)      b after 0, ..., 5 steps
  loss_soft      (6)        the loss at those points

The losses use log(1 + e^z) = logaddexp(0, z) and a max-shifted log-sum-exp; the gradients are
the textbook X^T (p - y) / n + l2 w. Labels are written as doubles (0.0, 1.0, 2.0).
"""
import pathlib

import numpy as np

import goldenfile

SEED = 20240607
STEPS = 5
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "ml" / "03_logistic_regression.txt"


def binary_loss_grad(X, y, w, b, l2):
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * np.dot(w, w)
    p = 1.0 / (1.0 + np.exp(-z))
    err = (p - y) / len(y)
    return loss, X.T @ err + l2 * w, err.sum()


def softmax_loss_grad(X, y, W, b, l2):
    Z = X @ W + b
    m = Z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    n = len(y)
    loss = np.mean(lse - Z[np.arange(n), y]) + 0.5 * l2 * np.sum(W * W)
    P = np.exp(Z - lse[:, None])
    Y = np.zeros_like(P)
    Y[np.arange(n), y] = 1.0
    err = (P - Y) / n
    return loss, X.T @ err + l2 * W, err.sum(axis=0)


def main():
    rng = np.random.default_rng(SEED)
    arrays = {}

    # Binary: noisy labels from a known hyperplane, so the classes overlap.
    X = rng.normal(size=(12, 3))
    y = (X @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.8 * rng.normal(size=12) > 0).astype(int)
    w = 0.5 * rng.normal(size=3)
    b = 0.1
    lr, l2 = 0.5, 0.1
    ws, bs, losses = [w.copy()], [b], []
    for _ in range(STEPS):
        loss, gw, gb = binary_loss_grad(X, y, w, b, l2)
        losses.append(loss)
        w, b = w - lr * gw, b - lr * gb
        ws.append(w.copy())
        bs.append(b)
    losses.append(binary_loss_grad(X, y, w, b, l2)[0])
    arrays["settings_bin"] = np.array([lr, l2, STEPS])
    arrays["X_bin"] = X
    arrays["y_bin"] = y.astype(float)
    arrays["w_bin_steps"] = np.array(ws)
    arrays["b_bin_steps"] = np.array(bs)
    arrays["loss_bin"] = np.array(losses)

    # Multinomial: three classes from known scores plus noise.
    X = rng.normal(size=(15, 3))
    W_true = np.array([[2.0, -1.0, 0.0], [0.0, 1.5, -1.5], [-1.0, 0.0, 1.0]])
    y = np.argmax(X @ W_true + 0.5 * rng.normal(size=(15, 3)), axis=1)
    W = 0.3 * rng.normal(size=(3, 3))
    b = 0.1 * rng.normal(size=3)
    lr, l2 = 0.5, 0.05
    Ws, bs, losses = [W.copy()], [b.copy()], []
    for _ in range(STEPS):
        loss, gW, gb = softmax_loss_grad(X, y, W, b, l2)
        losses.append(loss)
        W, b = W - lr * gW, b - lr * gb
        Ws.append(W.copy())
        bs.append(b.copy())
    losses.append(softmax_loss_grad(X, y, W, b, l2)[0])
    arrays["settings_soft"] = np.array([lr, l2, STEPS])
    arrays["X_soft"] = X
    arrays["y_soft"] = y.astype(float)
    arrays["W_soft_steps"] = np.array(Ws)
    arrays["b_soft_steps"] = np.array(bs)
    arrays["loss_soft"] = np.array(losses)

    goldenfile.write(OUT, "tools/golden/ml_logistic.py", f"numpy {np.__version__}",
                     f"{SEED} (numpy.random.default_rng)", arrays)


if __name__ == "__main__":
    main()
