"""Reading candidate.json, protocol version 1 (see README.md). Standard library only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from spec import InputError, epochs_to_train, parse_arch_spec, parse_recipe, show

PROTOCOL = 1
# Metrics this trainer can put on its final line (testAcc only when a test split is given).
PRODUCED_METRICS = ("validAcc", "validLoss", "trainLoss", "trainSeconds", "samplesPerSecond", "epochs")


@dataclass
class SplitFiles:
    x: str
    y: str


@dataclass
class Job:
    """One training job: from candidate.json, or assembled by the standalone mode."""

    arch: dict[str, Any]
    recipe: dict[str, Any]
    epochs: int
    seed: int
    files: dict[str, SplitFiles] = field(default_factory=dict)
    sample_shape: list[int] | None = None
    classes: int | None = None
    metrics: list[str] = field(default_factory=lambda: ["validAcc"])


def read_candidate(path: str) -> Job:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        raise InputError(f"candidate file {path} cannot be read: {error.strerror}") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"candidate file {path} is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise InputError(f"candidate file {path} must hold a JSON object, but got {show(value)}")
    return parse_candidate(value)


def parse_candidate(c: dict[str, Any]) -> Job:
    if c.get("protocol") != PROTOCOL:
        raise InputError(f"candidate.protocol must be {PROTOCOL}, but got {show(c.get('protocol'))}")
    arch = parse_arch_spec(c.get("archSpec"), "candidate.archSpec")
    recipe = parse_recipe(c.get("recipe", {}), "candidate.recipe")
    epochs = c.get("epochs", epochs_to_train(recipe))
    if not (isinstance(epochs, int) and not isinstance(epochs, bool) and epochs >= 1):
        raise InputError(f"candidate.epochs must be an integer ≥ 1, but got {show(epochs)}")
    seed = c.get("seed", 0)
    if not (isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed < 2**31):
        raise InputError(f"candidate.seed must be an integer in [0, 2^31), but got {show(seed)}")
    dataset = c.get("dataset")
    if not isinstance(dataset, dict) or not isinstance(dataset.get("files"), dict):
        raise InputError(f"candidate.dataset.files must be an object of splits (train, validation, test), but got {show(dataset)}")
    files: dict[str, SplitFiles] = {}
    for split, entry in dataset["files"].items():
        ok = isinstance(entry, dict) and isinstance(entry.get("x"), str) and isinstance(entry.get("y"), str)
        if not ok:
            raise InputError(f"candidate.dataset.files.{split} must be {{\"x\": path, \"y\": path}}, but got {show(entry)}")
        files[split] = SplitFiles(entry["x"], entry["y"])
    for split in ("train", "validation"):
        if split not in files:
            raise InputError(f"candidate.dataset.files.{split} is required, but the candidate names only {', '.join(files) or 'none'}")
    shape = dataset.get("sampleShape")
    classes = dataset.get("classes")
    metrics = c.get("metrics", ["validAcc"])
    if not (isinstance(metrics, list) and all(isinstance(m, str) for m in metrics)):
        raise InputError(f"candidate.metrics must be a list of metric names, but got {show(metrics)}")
    producible = PRODUCED_METRICS + (("testAcc",) if "test" in files else ())
    for m in metrics:
        if m not in producible:
            raise InputError(f"candidate.metrics names {show(m)}, but this trainer reports only {', '.join(producible)}")
    return Job(
        arch=arch,
        recipe=recipe,
        epochs=epochs,
        seed=seed,
        files=files,
        sample_shape=list(shape) if isinstance(shape, list) else None,
        classes=classes if isinstance(classes, int) else None,
        metrics=metrics,
    )
