"""The training loop of jars' trainer (src/train/train-loop.ts) in PyTorch: per step the lr of
the schedule at the fractional epoch, a batch from BatchMaker, soft-target cross-entropy, the
recipe's optimizer and weight decay, then the weight EMA. Evaluation (inference mode) uses the
EMA weights when the recipe has one, with BN's moving statistics as trained, as jars does."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F

from batches import BatchMaker
from optim import RecipeOptimizer, WeightAverage, learning_rate_at


class Diverged(Exception):
    """The training loss became non-finite."""


@dataclass
class Split:
    x: torch.Tensor
    y: torch.Tensor


@dataclass
class TrainResult:
    epochs: int
    train_seconds: float
    samples_per_second: float
    train_loss: float


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """tf.losses.softmaxCrossEntropy with soft targets, averaged over the batch."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


@torch.no_grad()
def evaluate(model: torch.nn.Module, data: Split, batch_size: int) -> tuple[float, float]:
    """Top-1 accuracy and mean cross-entropy, in inference mode."""
    model.eval()
    correct = torch.zeros((), dtype=torch.int64, device=data.x.device)
    loss_sum = torch.zeros((), dtype=torch.float64, device=data.x.device)
    n = data.y.shape[0]
    for start in range(0, n, batch_size):
        logits = model(data.x[start : start + batch_size])
        labels = data.y[start : start + batch_size]
        correct += (logits.argmax(dim=1) == labels).sum()
        loss_sum += F.cross_entropy(logits, labels, reduction="sum").double()
    model.train()
    return int(correct.item()) / n, float(loss_sum.item()) / n


def train(
    model: torch.nn.Module,
    train_split: Split,
    classes: int,
    recipe: dict[str, Any],
    epochs: int,
    seed: int,
    decayed: set[int],
    ema: WeightAverage | None,
    on_epoch: Callable[[int, float, float], None],
) -> TrainResult:
    """Trains `epochs` epochs (the schedule spans recipe.epochs); `on_epoch(epoch, loss, lr)`
    runs after each epoch, outside the timed training; `ema` (over the trainable parameters) is
    updated after every step. `seed` seeds the shuffles and the batch
    randomness (augmentation, mixup); weight init and dropout use torch's generator."""
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = RecipeOptimizer(recipe, params, decayed)
    n = train_split.y.shape[0]
    batch_size = min(recipe["batchSize"], n)
    steps_per_epoch = math.ceil(n / batch_size)
    shuffle_rng, batch_rng = (np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(2))
    maker = BatchMaker(train_split.x, train_split.y, classes, recipe, batch_rng)
    cuda = train_split.x.device.type == "cuda"
    model.train()
    steps = 0
    seconds = 0.0
    loss_mean = math.nan
    for epoch in range(epochs):
        started = time.perf_counter()
        order = shuffle_rng.permutation(n)
        loss_sum = torch.zeros((), dtype=torch.float64, device=train_split.x.device)
        lr = recipe["lr"]
        for s in range(steps_per_epoch):
            lr = learning_rate_at(recipe, epoch + s / steps_per_epoch)
            indices = order[s * batch_size : (s + 1) * batch_size]
            x, targets = maker.make(indices)
            loss = soft_cross_entropy(model(x), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step(lr)
            steps += 1
            if ema is not None:
                ema.update(steps)
            loss_sum += loss.detach().double() * len(indices)
        # One host sync per epoch (not per step as jars' loop does): a non-finite loss anywhere
        # in the epoch makes the sum non-finite.
        loss_mean = float(loss_sum.item()) / n
        if cuda:
            torch.cuda.synchronize()
        seconds += time.perf_counter() - started
        if not math.isfinite(loss_mean):
            raise Diverged(f"training diverged: the mean training loss is {loss_mean} at epoch {epoch + 1}")
        on_epoch(epoch + 1, loss_mean, lr)
    return TrainResult(epochs, seconds, n * epochs / max(seconds, 1e-9), loss_mean)

