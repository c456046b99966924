#!/usr/bin/python3
"""Golden values for nn/07_optimizers from PyTorch's torch.optim, in float64.

    /usr/bin/python3 tools/golden/nn_optimizers.py    # writes tests/golden/nn/07_optimizers.txt

Optimizers. Two parameters, a matrix M (2,3) and a vector v (3), minimise the separable quadratic
f = sum(0.5 * curv * p^2 + lin * p), whose gradient curv * p + lin is written into p.grad before
every step (by hand, not by autograd, so the C++ test computes the very same numbers). Written:

  start_M (2,3), start_v (3)      the starting point (torch.manual_seed(SEED), randn)
  curv_M, lin_M, curv_v, lin_v    the quadratic's coefficients (curv in [0.5, 2.5])
  <name>_M_<k>, <name>_v_<k>      the parameters after k = 1, 2, 10 steps of optimizer <name>

  name            torch.optim call
  sgd             SGD(lr=0.1)
  sgd_momentum    SGD(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)
  sgd_nesterov    SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
  rmsprop         RMSprop(lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0.01, momentum=0.5)
  adam            Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
  adamw           AdamW(lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)

Schedulers: the learning rate seen by the optimizer at steps t = 0..19 (base lr 0.1), read from
optimizer.param_groups[0]['lr'] before the t-th scheduler.step():

  lr_step         StepLR(step_size=5, gamma=0.5)
  lr_exponential  ExponentialLR(gamma=0.9)
  lr_cosine       CosineAnnealingLR(T_max=19, eta_min=0.001)
  lr_warmup       LinearLR(start_factor=0.1, end_factor=1.0, total_iters=5)
  lr_warmup_cosine SequentialLR([LinearLR(start_factor=0.1, total_iters=5),
                                 CosineAnnealingLR(T_max=15, eta_min=0.001)], milestones=[5])
"""
import pathlib
import warnings

import numpy as np

import goldenfile
import torch

SEED = 7
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nn" / "07_optimizers.txt"

OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0.01, momentum=0.5),
    "adam": lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
}

SCHEDULERS = {
    "lr_step": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=5, gamma=0.5),
    "lr_exponential": lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9),
    "lr_cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=19, eta_min=0.001),
    "lr_warmup": lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5),
    "lr_warmup_cosine": lambda o: torch.optim.lr_scheduler.SequentialLR(
        o, [torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=5),
            torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=15, eta_min=0.001)], milestones=[5]),
}


def main() -> None:
    torch.manual_seed(SEED)
    start_M = torch.randn(2, 3, dtype=torch.float64)
    start_v = torch.randn(3, dtype=torch.float64)
    curv_M = 0.5 + 2.0 * torch.rand(2, 3, dtype=torch.float64)
    curv_v = 0.5 + 2.0 * torch.rand(3, dtype=torch.float64)
    lin_M = torch.randn(2, 3, dtype=torch.float64)
    lin_v = torch.randn(3, dtype=torch.float64)
    arrays = {"start_M": start_M, "start_v": start_v, "curv_M": curv_M, "lin_M": lin_M,
              "curv_v": curv_v, "lin_v": lin_v}
    for name, make in OPTIMIZERS.items():
        M = start_M.clone().requires_grad_(True)
        v = start_v.clone().requires_grad_(True)
        opt = make([M, v])
        for k in range(1, 11):
            with torch.no_grad():
                M.grad = curv_M * M + lin_M
                v.grad = curv_v * v + lin_v
            opt.step()
            if k in (1, 2, 10):
                arrays[f"{name}_M_{k}"] = M.detach().clone()
                arrays[f"{name}_v_{k}"] = v.detach().clone()
    warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()": no training here
    for name, make in SCHEDULERS.items():
        p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        lrs = []
        for _ in range(20):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        arrays[name] = torch.tensor(lrs, dtype=torch.float64)
    goldenfile.write(OUT, "tools/golden/nn_optimizers.py", f"torch {torch.__version__} numpy {np.__version__}",
                     f"{SEED} (torch.manual_seed)", arrays)


if __name__ == "__main__":
    main()
