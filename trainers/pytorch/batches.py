"""Training batches as jars makes them (src/train/batches.ts): gather by shuffled index,
augment images (zero-padded random crop, horizontal flip, cutout), one-hot targets with label
smoothing, then mixup. All random draws come from a seeded numpy Generator; the tensor work is
vectorised over the batch and runs on the training device."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch


class BatchMaker:
    def __init__(self, x: torch.Tensor, y: torch.Tensor, classes: int, recipe: dict[str, Any], rng: np.random.Generator) -> None:
        self.x = x  # [n, *sample] on the device; images NHWC
        self.y = y
        self.classes = classes
        self.recipe = recipe
        self.rng = rng
        self.image = x.dim() == 4
        self.augment = self.image and (recipe["cropPadding"] > 0 or recipe["flip"] or recipe["cutout"] > 0)
        ls = recipe["labelSmoothing"]
        self.off = ls / classes
        self.on = 1 - ls + self.off

    def make(self, indices: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        idx = torch.from_numpy(indices).to(self.x.device)
        x = self.x.index_select(0, idx)
        if self.augment:
            x = self._augment(x)
        targets = torch.full((len(indices), self.classes), self.off, device=x.device)
        targets.scatter_(1, self.y.index_select(0, idx)[:, None], self.on)
        alpha = self.recipe["mixupAlpha"]
        if alpha > 0 and len(indices) > 1:
            # x_b ← λ·x_b + (1−λ)·x_π(b), same for the targets (Zhang et al. 2018), λ ~ Beta(α, α).
            lam = float(self.rng.beta(alpha, alpha))
            perm = torch.from_numpy(self.rng.permutation(len(indices))).to(x.device)
            x = lam * x + (1 - lam) * x.index_select(0, perm)
            targets = lam * targets + (1 - lam) * targets.index_select(0, perm)
        return x, targets

    def _augment(self, x: torch.Tensor) -> torch.Tensor:
        """jars' per-sample augmentation: out[r, c] = src[r+dy, c'+dx] with c' mirrored when
        flipped (i.e. flip first, then shift), zero outside the image; then a cutout square
        centred at a uniform pixel, clipped at the borders."""
        b, h, w, _ = x.shape
        r = self.recipe
        dev = x.device
        if r["flip"]:
            flip = torch.from_numpy(self.rng.random(b) < 0.5).to(dev)
            x = torch.where(flip[:, None, None, None], x.flip(2), x)
        pad = r["cropPadding"]
        if pad > 0:
            dy = torch.from_numpy(self.rng.integers(-pad, pad + 1, b)).to(dev)
            dx = torch.from_numpy(self.rng.integers(-pad, pad + 1, b)).to(dev)
            padded = torch.nn.functional.pad(x, (0, 0, pad, pad, pad, pad))
            rows = torch.arange(h, device=dev)[None, :] + dy[:, None] + pad  # [b, h]
            cols = torch.arange(w, device=dev)[None, :] + dx[:, None] + pad  # [b, w]
            x = padded[torch.arange(b, device=dev)[:, None, None], rows[:, :, None], cols[:, None, :]]
        cut = r["cutout"]
        if cut > 0:
            half = cut // 2
            cy = torch.from_numpy(self.rng.integers(0, h, b)).to(dev) - half
            cx = torch.from_numpy(self.rng.integers(0, w, b)).to(dev) - half
            ar_h = torch.arange(h, device=dev)[None, :]
            ar_w = torch.arange(w, device=dev)[None, :]
            in_rows = (ar_h >= cy[:, None]) & (ar_h < cy[:, None] + cut)
            in_cols = (ar_w >= cx[:, None]) & (ar_w < cx[:, None] + cut)
            keep = ~(in_rows[:, :, None] & in_cols[:, None, :])
            x = x * keep[:, :, :, None].to(x.dtype)
        return x
