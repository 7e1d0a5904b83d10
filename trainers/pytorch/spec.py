"""Validation of the architecture spec and the recipe, mirroring jars' zod schemas
(src/train/arch-spec.ts, src/space/recipe.ts). Standard library only, so bad input is
reported before torch is imported. Errors name the field, the rule and the value received."""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any, Callable


class InputError(Exception):
    """Bad user or candidate input: the CLI prints the message on one line and exits 2."""


def show(value: Any) -> str:
    """A value as jars' error messages show it (JSON, cut at 80 characters)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer())


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


# --- recipe -------------------------------------------------------------------------------

OPTIMIZERS = ("sgd", "adam", "adamw", "rmsprop")
SCHEDULES = ("constant", "cosine", "step")
AUGMENTATIONS = {
    "none": {"cropPadding": 0, "flip": False, "cutout": 0},
    "flip": {"cropPadding": 0, "flip": True, "cutout": 0},
    "crop": {"cropPadding": 2, "flip": False, "cutout": 0},
    "crop-flip": {"cropPadding": 4, "flip": True, "cutout": 0},
    "crop-flip-cutout": {"cropPadding": 4, "flip": True, "cutout": 8},
}


def _num(lo: float, hi: float, lo_open: bool = False, hi_open: bool = False, integer: bool = False):
    def check(v: Any) -> str | None:
        if not _is_number(v):
            return "must be a number"
        if integer and not _is_int(v):
            return "must be an integer"
        if (v <= lo) if lo_open else (v < lo):
            return f"must be {'>' if lo_open else '≥'} {lo:g}"
        if (v >= hi) if hi_open else (v > hi):
            return f"must be {'<' if hi_open else '≤'} {hi:g}"
        return None

    return check


def _enum(values: tuple[str, ...]):
    return lambda v: None if v in values else f"must be one of {', '.join(values)}"


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be a boolean"


# Field -> (default, check): the same defaults and bounds as RecipeSchema.
RECIPE_FIELDS: dict[str, tuple[Any, Callable[[Any], str | None]]] = {
    "optimizer": ("adam", _enum(OPTIMIZERS)),
    "lr": (0.001, _num(0, 10, lo_open=True)),
    "momentum": (0.9, _num(0, 1, hi_open=True)),
    "nesterov": (True, _bool),
    "schedule": ("cosine", _enum(SCHEDULES)),
    "warmupEpochs": (0, _num(0, 100)),
    "stepEvery": (0, _num(0, 1000)),
    "stepGamma": (0.1, _num(0, 1, lo_open=True)),
    "weightDecay": (0, _num(0, 1)),
    "batchSize": (64, _num(1, 8192, integer=True)),
    "epochs": (3, _num(1, 10_000, integer=True)),
    "labelSmoothing": (0, _num(0, 1, hi_open=True)),
    "mixupAlpha": (0, _num(0, 10)),
    "dropout": (0, _num(0, 1, hi_open=True)),
    "stochasticDepth": (0, _num(0, 1, hi_open=True)),
    "emaDecay": (0, _num(0, 1, hi_open=True)),
    "cropPadding": (0, _num(0, 64, integer=True)),
    "flip": (False, _bool),
    "cutout": (0, _num(0, 256, integer=True)),
    "fidelity": (1, _num(0, 1, lo_open=True)),
}
_INT_FIELDS = {"batchSize", "epochs", "cropPadding", "cutout"}


def parse_recipe(value: Any, field: str = "recipe") -> dict[str, Any]:
    """A full recipe (defaults filled in) from any subset of fields; `augment` names a preset."""
    if not isinstance(value, dict):
        raise InputError(f"{field} must be an object of recipe fields, but got {show(value)}")
    merged: dict[str, Any] = {k: d for k, (d, _) in RECIPE_FIELDS.items()}
    for key, v in value.items():
        if key == "augment":
            if v not in AUGMENTATIONS:
                raise InputError(f"{field}.augment must be one of {', '.join(AUGMENTATIONS)}, but got {show(v)}")
            merged.update(AUGMENTATIONS[v])
        elif key not in RECIPE_FIELDS:
            raise InputError(f"{field} has unknown field {show(key)}; valid fields are {', '.join(RECIPE_FIELDS)}")
        else:
            merged[key] = v
    for key, (_, check) in RECIPE_FIELDS.items():
        problem = check(merged[key])
        if problem:
            raise InputError(f"{field}.{key} {problem}, but got {show(merged[key])}")
    for key in _INT_FIELDS:
        merged[key] = int(merged[key])
    return merged


def epochs_to_train(recipe: dict[str, Any]) -> int:
    """jars' epochsToTrain: round(epochs × fidelity) (JS rounding, half up), at least one."""
    return max(1, math.floor(recipe["epochs"] * recipe["fidelity"] + 0.5))


# --- architecture ---------------------------------------------------------------------------

JARS_KINDS = ("mlp", "cnn", "nb201", "mbconv", "pnas")
BUILT_KINDS = ("mlp", "cnn")
_ARCH_FIELDS = {
    "mlp": {
        "hidden": (None, "list"),
        "activation": ("relu", _enum(("relu", "tanh", "gelu"))),
        "batchNorm": (False, _bool),
    },
    "cnn": {
        "filters": (None, "list"),
        "kernel": (3, _num(1, 7, integer=True)),
        "dense": (128, _num(0, 4096, integer=True)),
        "batchNorm": (True, _bool),
    },
}
_LISTS = {"hidden": (0, 16, 8192), "filters": (1, 8, 1024)}  # min length, max length, max entry


def parse_arch_spec(value: Any, field: str = "arch") -> dict[str, Any]:
    """An mlp or cnn spec with defaults filled in; other jars kinds are refused by name."""
    if not isinstance(value, dict):
        raise InputError(f"{field} must be an architecture spec object with \"kind\", but got {show(value)}")
    kind = value.get("kind")
    if kind not in JARS_KINDS:
        raise InputError(f"{field}.kind must be one of {', '.join(JARS_KINDS)}, but got {show(kind)}")
    if kind not in BUILT_KINDS:
        raise InputError(
            f"{field}.kind must be one of {', '.join(BUILT_KINDS)} for the PyTorch reference trainer "
            f"(jars' own trainer builds {kind}), but got {show(kind)}"
        )
    fields = _ARCH_FIELDS[kind]
    spec: dict[str, Any] = {"kind": kind}
    for key in value:
        if key != "kind" and key not in fields:
            raise InputError(f"{field} has unknown field {show(key)}; valid fields of a {kind} spec are {', '.join(fields)}")
    for key, (default, check) in fields.items():
        v = value.get(key, default)
        if check == "list":
            lo, hi, top = _LISTS[key]
            ok = isinstance(v, list) and lo <= len(v) <= hi and all(_is_int(u) and 1 <= u <= top for u in v)
            if not ok:
                raise InputError(f"{field}.{key} must be a list of {lo}–{hi} integers in [1, {top}], but got {show(v)}")
            v = [int(u) for u in v]
        else:
            problem = check(v)
            if problem:
                raise InputError(f"{field}.{key} {problem}, but got {show(v)}")
            if key in ("kernel", "dense"):
                v = int(v)
        spec[key] = v
    return spec


def arch_from_text(text: str) -> dict[str, Any]:
    """`--arch`: inline JSON, a JSON file, or the shorthand `mlp:256,128` / `cnn:32,64` (as jars)."""
    t = text.strip()
    if t.startswith("{"):
        return parse_arch_spec(_json(t, "arch"))
    short = re.fullmatch(r"(mlp|cnn):([\d,\s]*)", t)
    if short:
        sizes = [int(s) for s in short.group(2).split(",") if s.strip()]
        return parse_arch_spec({"kind": "mlp", "hidden": sizes} if short.group(1) == "mlp" else {"kind": "cnn", "filters": sizes})
    if os.path.isfile(t):
        with open(t, encoding="utf-8") as f:
            return parse_arch_spec(_json(f.read(), t))
    raise InputError(f"arch must be inline JSON, a JSON file or mlp:<units,…> / cnn:<filters,…>, but got {show(text)}")


def recipe_from_text(text: str) -> dict[str, Any]:
    """`--recipe`: inline JSON or a JSON file (any subset of the fields)."""
    t = text.strip()
    if t.startswith("{"):
        return parse_recipe(_json(t, "recipe"))
    if not os.path.isfile(t):
        raise InputError(f"recipe must be inline JSON or a JSON file, but got {show(text)} (no such file)")
    with open(t, encoding="utf-8") as f:
        return parse_recipe(_json(f.read(), f"recipe file {t}"))


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{source} is not valid JSON: {error}") from None
