"""jars' optimizers, learning-rate schedule and weight EMA with jars' (tfjs 4.22's) formulas
(src/train/schedule.ts, native/src/train-kernels.cc, src/train/train-loop.ts). torch.optim is
not used because its formulas differ where it matters:
- RMSProp: tfjs puts ε inside the square root and the learning rate inside the momentum
  buffer (mom ← μ·mom + lr·g/√(ms+ε); x ← x − mom), torch puts ε outside and lr outside;
- Adam/AdamW: ε = 1e-7 (tfjs), not torch's 1e-8;
- AdamW: jars decays decoupled AFTER the Adam step, x ← (x − step)·(1 − lr·wd), with the
  scheduled lr, where torch decays before the step;
- L2 (sgd, adam, rmsprop): g ← g + wd·x, on kernels only (biases and BN exempt).
"""

from __future__ import annotations

import math
from typing import Any

import torch


def learning_rate_at(recipe: dict[str, Any], epoch: float) -> float:
    """lr at a fractional epoch: linear warm-up, then the schedule over recipe.epochs (a lower
    fidelity stops early on the same curve)."""
    lr, warmup, epochs = recipe["lr"], recipe["warmupEpochs"], recipe["epochs"]
    if warmup > 0 and epoch < warmup:
        return lr * max(epoch, 1e-3) / warmup
    schedule = recipe["schedule"]
    if schedule == "constant":
        return lr
    if schedule == "cosine":
        span = max(epochs - warmup, 1e-9)
        t = min(1.0, max(0.0, (epoch - warmup) / span))
        return 0.5 * lr * (1 + math.cos(math.pi * t))
    if recipe["stepEvery"] > 0:
        return lr * recipe["stepGamma"] ** math.floor(epoch / recipe["stepEvery"])
    drops = (1 if epoch >= 0.5 * epochs else 0) + (1 if epoch >= 0.75 * epochs else 0)
    return lr * recipe["stepGamma"] ** drops


class RecipeOptimizer:
    """The recipe's optimizer with its weight decay: sgd (plain, or momentum with optional
    Nesterov), adam, adamw (β 0.9/0.999, ε 1e-7), rmsprop (decay 0.9, momentum recipe.momentum,
    ε 1e-7)."""

    def __init__(self, recipe: dict[str, Any], params: list[torch.nn.Parameter], decayed: set[int]) -> None:
        self.kind = recipe["optimizer"]
        self.momentum = recipe["momentum"]
        self.nesterov = recipe["nesterov"]
        self.wd = recipe["weightDecay"]
        self.params = params
        self.decayed = [id(p) in decayed for p in params]
        slots = {"sgd": 1 if self.momentum > 0 else 0, "adam": 2, "adamw": 2, "rmsprop": 2}[self.kind]
        self.slots = [[torch.zeros_like(p) for _ in range(slots)] for p in params]
        self.steps = 0

    @torch.no_grad()
    def step(self, lr: float) -> None:
        self.steps += 1
        decoupled = self.kind == "adamw"
        for p, decay, slots in zip(self.params, self.decayed, self.slots):
            if p.grad is None:
                continue
            g = p.grad
            if decay and self.wd > 0 and not decoupled:
                g = g.add(p, alpha=self.wd)
            if self.kind == "sgd":
                self._sgd(p, g, slots, lr)
            elif self.kind == "rmsprop":
                ms, mom = slots[1], slots[0]
                ms.mul_(0.9).addcmul_(g, g, value=0.1)
                mom.mul_(self.momentum).add_(g * lr / (ms + 1e-7).sqrt())
                p.sub_(mom)
            else:
                m, v = slots
                m.mul_(0.9).add_(g, alpha=0.1)
                v.mul_(0.999).addcmul_(g, g, value=0.001)
                bc1 = 1 - 0.9**self.steps
                bc2 = 1 - 0.999**self.steps
                p.sub_((m / bc1) / ((v / bc2).sqrt() + 1e-7) * lr)
            if decay and decoupled and self.wd > 0:
                p.mul_(1 - lr * self.wd)

    def _sgd(self, p: torch.Tensor, g: torch.Tensor, slots: list[torch.Tensor], lr: float) -> None:
        if not slots:
            p.sub_(g * lr)
            return
        acc = slots[0]
        acc.mul_(self.momentum).add_(g)
        p.sub_((g + acc * self.momentum) * lr if self.nesterov else acc * lr)

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None


class WeightAverage:
    """EMA of the trainable weights (not BN's moving statistics, as jars), decay ramped as
    min(decay, (1+t)/(10+t)); evaluation swaps the averages in."""

    def __init__(self, params: list[torch.nn.Parameter], decay: float) -> None:
        self.params = params
        self.decay = decay
        self.shadows = [p.detach().clone() for p in params]

    @torch.no_grad()
    def update(self, step: int) -> None:
        d = min(self.decay, (1 + step) / (10 + step))
        for s, p in zip(self.shadows, self.params):
            s.mul_(d).add_(p, alpha=1 - d)

    @torch.no_grad()
    def swap(self) -> None:
        """Exchanges raw and averaged weights (call again to restore)."""
        for s, p in zip(self.shadows, self.params):
            tmp = p.detach().clone()
            p.copy_(s)
            s.copy_(tmp)
