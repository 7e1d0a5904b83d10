"""The `mlp` and `cnn` architecture specs built as jars' tfjs trainer builds them
(src/train/build-simple.ts, src/train/build-context.ts). Inputs stay NHWC, as the protocol's
files hold them and as tfjs computes: the CNN transposes to NCHW for its convolutions and back
before flattening, so the flattened feature order (and so the dense weights' layout) is tfjs's."""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
import torch.nn.functional as F


class JarsBatchNorm(nn.Module):
    """Batch norm with tfjs-layers' semantics (momentum 0.9, ε 1e-5 as jars sets them): the
    moving variance averages the BIASED batch variance, where torch's BatchNorm uses the unbiased
    one; the moving averages are v ← v − (v − batch)·(1 − 0.9). Channels on axis 1."""

    def __init__(self, channels: int, momentum: float = 0.9, eps: float = 1e-5) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))
        self.momentum = momentum
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        dims = [d for d in range(x.dim()) if d != 1]
        with torch.no_grad():
            var, mean = torch.var_mean(x, dim=dims, unbiased=False)
            self.running_mean.sub_((self.running_mean - mean) * (1 - self.momentum))
            self.running_var.sub_((self.running_var - var) * (1 - self.momentum))
        return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)


def he_normal_(w: torch.Tensor, fan_in: int) -> None:
    """tfjs heNormal: a normal of std √(2/fan_in) truncated at ±2 std (tfjs applies no
    correction for the truncation, unlike Keras)."""
    std = math.sqrt(2.0 / max(1, fan_in))
    nn.init.trunc_normal_(w, 0.0, std, -2 * std, 2 * std)


def dense(fan_in: int, units: int) -> nn.Linear:
    """tfjs Dense: glorotUniform kernel, zero bias."""
    layer = nn.Linear(fan_in, units)
    limit = math.sqrt(6.0 / (fan_in + units))
    nn.init.uniform_(layer.weight, -limit, limit)
    nn.init.zeros_(layer.bias)
    return layer


def activation(name: str) -> nn.Module:
    # tfjs 'gelu' is the exact erf form, as torch's default GELU.
    return {"relu": nn.ReLU(), "tanh": nn.Tanh(), "gelu": nn.GELU()}[name]


class Mlp(nn.Module):
    """dense → [BN] → activation → dropout per hidden layer, then the logits layer; image
    samples are flattened in their HWC order."""

    def __init__(self, spec: dict[str, Any], sample_shape: tuple[int, ...], classes: int, dropout: float) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        width = math.prod(sample_shape)
        for units in spec["hidden"]:
            layers.append(dense(width, units))
            if spec["batchNorm"]:
                layers.append(JarsBatchNorm(units))
            layers.append(activation(spec["activation"]))
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = units
        layers.append(dense(width, classes))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class Cnn(nn.Module):
    """Per entry of `filters`: k×k 'same' conv (no bias when BN follows) → [BN] → ReLU, with a
    2×2 max-pool (stride 2, 'valid') after each but the last; then flatten → dropout →
    [dense(relu) → dropout] → logits."""

    def __init__(self, spec: dict[str, Any], sample_shape: tuple[int, ...], classes: int, dropout: float) -> None:
        super().__init__()
        if len(sample_shape) != 3:
            raise ValueError(f"a cnn needs image samples [height, width, channels], but the data has sample shape {list(sample_shape)}")
        h, w, cin = sample_shape
        k = spec["kernel"]
        body: list[nn.Module] = []
        for i, cout in enumerate(spec["filters"]):
            # tfjs 'same' for stride 1 pads (k−1)//2 before and the rest after: asymmetric for an
            # even k, which torch's padding='same' matches.
            conv = nn.Conv2d(cin, cout, k, padding="same", bias=not spec["batchNorm"])
            he_normal_(conv.weight, k * k * cin)
            if conv.bias is not None:
                nn.init.zeros_(conv.bias)
            body.append(conv)
            if spec["batchNorm"]:
                body.append(JarsBatchNorm(cout))
            body.append(nn.ReLU())
            if i < len(spec["filters"]) - 1:
                body.append(nn.MaxPool2d(2))
                h, w = h // 2, w // 2
            cin = cout
        self.body = nn.Sequential(*body)
        head: list[nn.Module] = [nn.Dropout(dropout)] if dropout > 0 else []
        features = h * w * cin
        if spec["dense"] > 0:
            head += [dense(features, spec["dense"]), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout > 0 else [])
            features = spec["dense"]
        head.append(dense(features, classes))
        self.head = nn.Sequential(*head)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.body(x.permute(0, 3, 1, 2))
        return self.head(y.permute(0, 2, 3, 1).flatten(1))


def build_model(spec: dict[str, Any], sample_shape: tuple[int, ...], classes: int, dropout: float) -> nn.Module:
    """The model for a validated spec (kinds mlp and cnn), with logits output."""
    if spec["kind"] == "mlp":
        return Mlp(spec, sample_shape, classes, dropout)
    return Cnn(spec, sample_shape, classes, dropout)


def decayed_parameters(model: nn.Module) -> set[int]:
    """ids of the parameters weight decay applies to: kernels (rank ≥ 2), as jars decays;
    biases and BN scale/shift are exempt."""
    return {id(p) for p in model.parameters() if p.dim() >= 2}
