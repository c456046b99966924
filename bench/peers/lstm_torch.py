#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer of bench/nn_lstm.cpp: PyTorch's torch.nn.LSTM, forward and backward, at the same shape
(B = 32 sequences of T = 100 steps, I = 65 inputs, H = 128 units, batch first), on one thread.

A maintainer's tool, not a CI step (the project's tests never need Python). Run it beside the C++
benchmark on a quiet machine and copy the lines it prints into bench/README.md:

    OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_nn_lstm --benchmark_filter=forward_backward
    /usr/bin/python3 bench/peers/lstm_torch.py

What one iteration does, as the C++ one: zero the parameter gradients, run the LSTM from h0 = c0 = 0
over x ~ N(0,1), and backpropagate a fixed upstream gradient dL/dh ~ N(0,1), computing the
gradients of every parameter, of x, h0 and c0 (llmlings' lstm_backward writes dx, dh0 and dc0).
PyTorch initialises the weights U(−1/√H, 1/√H), as nn/11's init_lstm_uniform. Timing: the median
of `--repeats` runs of `--iterations` iterations each, after a warm-up, with time.perf_counter.
"""
import argparse
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

B, T, I, H = 32, 100, 65, 128


def measure(dtype, iterations, repeats):
    """Milliseconds per forward+backward (median of the repeats) for one dtype."""
    torch.manual_seed(1)
    lstm = torch.nn.LSTM(I, H, batch_first=True).to(dtype)
    x = torch.randn(B, T, I, dtype=dtype, requires_grad=True)
    h0 = torch.zeros(1, B, H, dtype=dtype, requires_grad=True)
    c0 = torch.zeros(1, B, H, dtype=dtype, requires_grad=True)
    dy = torch.randn(B, T, H, dtype=dtype)

    def step():
        lstm.zero_grad(set_to_none=False)
        for t in (x, h0, c0):
            t.grad = None
        out, _ = lstm(x, (h0, c0))
        out.backward(dy)

    for _ in range(3):  # warm-up: allocator caches, OpenBLAS buffers
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        times.append((time.perf_counter() - start) / iterations * 1e3)
    return statistics.median(times), min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=10, help="iterations per timed run (default 10)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs; the median is reported (default 5)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads and the BLAS's threads (default 1)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"# torch {torch.__version__}, Python {platform.python_version()}, {torch.get_num_threads()} thread(s) "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}), B={B} T={T} I={I} H={H}, batch_first, "
          f"median of {args.repeats} x {args.iterations} iterations")
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        median, best = measure(dtype, args.iterations, args.repeats)
        seq_per_s = B / (median / 1e3)
        print(f"torch.nn.LSTM {name:8s} fwd+bwd: {median:8.2f} ms (best {best:.2f} ms), {seq_per_s:7.0f} sequences/s")


if __name__ == "__main__":
    main()
