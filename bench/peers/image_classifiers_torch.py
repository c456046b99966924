#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer of bench/nn_image_classifiers.cpp: one training epoch on Fashion-MNIST of the two models
of project_image_classifiers, built in PyTorch with the same shapes, batch sizes and optimizers,
in float32 on one thread (torch.set_num_threads(1)).

A maintainer's tool, not a CI step (the project's tests never need Python). Run it beside the C++
benchmark on a quiet machine and copy the lines it prints into bench/README.md:

    OPENBLAS_NUM_THREADS=1 build/bench/bench/bench_nn_image_classifiers
    /usr/bin/python3 bench/peers/image_classifiers_torch.py --data .data

The models, as projects/image_classifiers/image_models.hpp and nn/06's MLP:
  CNN  Conv2d(1,8,5,padding=2) ReLU MaxPool2d(2) Conv2d(8,16,3,padding=1) ReLU MaxPool2d(2)
       Flatten Linear(784,128) ReLU Linear(128,10); cross-entropy; Adam(lr=1e-3); batches of 64
  MLP  Linear(784,256) ReLU Linear(256,10); cross-entropy; SGD(lr=0.05); batches of 32
What one epoch does, as the C++ one: a fresh random order of the 60000 training images; per batch,
gather its images from the uint8 tensor into float32 scaled by 1/255, zero the gradients, forward,
loss, backward, optimizer step, and keep the loss and the number of correct predictions. No
evaluation of the test set. Reported: wall time (time.perf_counter) and process CPU time
(time.process_time) of each epoch, and their mean over the first --epochs epochs (3) of one training
run from the initial weights, as the C++ benchmark times them.

PyTorch's defaults are kept, among them oneDNN (MKL-DNN) for the convolutions when the build has
it (Debian's 1.13.1 does); --no-mkldnn turns it off (torch.backends.mkldnn.flags) to time
PyTorch's own im2col + GEMM path (slow_conv2d), the method nn/09 teaches.
"""
import argparse
import os
import platform
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    """An IDX file of unsigned bytes (MNIST's format) as a numpy array."""
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big") for k in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def make_cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(16 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def make_mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))


def epoch(model, optimizer, images, labels, batch, as_images, generator, max_batches):
    """One training epoch (or its first max_batches batches); returns (wall s, cpu s, mean loss, batches)."""
    n = images.shape[0]
    wall, cpu = time.perf_counter(), time.process_time()
    order = torch.randperm(n, generator=generator)
    loss_sum, correct, seen, batches = 0.0, 0, 0, 0
    for begin in range(0, n, batch):
        if max_batches and batches == max_batches:
            break
        rows = order[begin:begin + batch]
        x = images[rows].float().div_(255.0)
        if as_images:
            x = x.view(-1, 1, 28, 28)
        y = labels[rows]
        optimizer.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * rows.numel()
        correct += int((logits.argmax(1) == y).sum())
        seen += rows.numel()
        batches += 1
    return time.perf_counter() - wall, time.process_time() - cpu, loss_sum / seen, batches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.environ.get("LLMLINGS_DATA_DIR", ".data"),
                        help="the data directory holding fashion-mnist/ (default $LLMLINGS_DATA_DIR or .data)")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per model; their mean is reported")
    parser.add_argument("--flush-denormal", action="store_true", help="torch.set_flush_denormal(True)")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--batches", type=int, default=0,
                        help="time only this many batches per epoch and scale to a full epoch (0: all)")
    parser.add_argument("--no-mkldnn", action="store_true", help="turn oneDNN off (PyTorch's im2col path)")
    parser.add_argument("--models", default="cnn,mlp", help="which models, comma-separated (default cnn,mlp)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    if args.flush_denormal:
        torch.set_flush_denormal(True)
    torch.manual_seed(2024)
    prefix = os.path.join(args.data, "fashion-mnist", "train")
    images = torch.from_numpy(read_idx(prefix + "-images-idx3-ubyte").reshape(-1, 784).copy())
    labels = torch.from_numpy(read_idx(prefix + "-labels-idx1-ubyte").astype(np.int64))
    print(f"torch {torch.__version__}, numpy {np.__version__}, python {platform.python_version()}, "
          f"threads {torch.get_num_threads()}, oneDNN {'off' if args.no_mkldnn else torch.backends.mkldnn.is_available()}, "
          f"flush denormals {args.flush_denormal}, "
          f"{platform.processor() or platform.machine()}, load average {os.getloadavg()[0]:.2f}")
    print(f"{images.shape[0]} images as {images.dtype}, batches gathered into float32 / 255")
    configs = {
        "cnn": (make_cnn, lambda p: torch.optim.Adam(p, lr=1e-3), 64, True),
        "mlp": (make_mlp, lambda p: torch.optim.SGD(p, lr=0.05), 32, False),
    }
    with torch.backends.mkldnn.flags(enabled=not args.no_mkldnn):
        for name in args.models.split(","):
            make, optim, batch, as_images = configs[name]
            model = make()
            optimizer = optim(model.parameters())
            generator = torch.Generator().manual_seed(1)
            full = (images.shape[0] + batch - 1) // batch
            walls, cpus = [], []
            for _ in range(args.epochs):
                wall, cpu, loss, batches = epoch(model, optimizer, images, labels, batch, as_images, generator,
                                                 args.batches)
                walls.append(wall * full / batches)
                cpus.append(cpu * full / batches)
                print(f"  {name} epoch: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s cpu, train loss {loss:.4f}"
                      + ("" if batches == full else f" ({batches} of {full} batches, scaled)"))
            print(f"{name}_epoch  mean {statistics.mean(walls):.2f} s wall  {statistics.mean(cpus):.2f} s cpu "
                  f"per epoch over {len(walls)} epochs (batch {batch})")


if __name__ == "__main__":
    main()
