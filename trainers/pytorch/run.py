"""One job end to end: device and determinism, data, model, training, the JSON lines."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Callable

import torch

from candidate import Job
from data import Dataset, load_dataset, load_split, normalise_splits, split_dataset
from loop import Diverged, Split, evaluate, train
from optim import WeightAverage
from model import build_model, decayed_parameters
from spec import InputError


def setup_device(seed: int) -> tuple[torch.device, str]:
    """CUDA when available (CUDA_VISIBLE_DEVICES decides which), unless JARS_TORCH_DEVICE says
    otherwise; deterministic algorithms; torch threads from JARS_TORCH_THREADS (default 1)."""
    wanted = os.environ.get("JARS_TORCH_DEVICE", "")
    cuda = torch.cuda.is_available() if wanted == "" else wanted.startswith("cuda")
    if cuda and not torch.cuda.is_available():
        raise InputError(f"JARS_TORCH_DEVICE is {wanted!r}, but torch sees no CUDA device")
    threads = os.environ.get("JARS_TORCH_THREADS", "1")
    if not threads.isdigit() or int(threads) < 1:
        raise InputError(f"JARS_TORCH_THREADS must be a positive integer, but got {threads!r}")
    torch.set_num_threads(int(threads))
    torch.set_num_interop_threads(1)
    torch.manual_seed(seed)
    if cuda:
        # cuBLAS is deterministic only with a fixed workspace; must be set before CUDA starts.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.backends.cudnn.benchmark = False
        torch.backends.cudnn.deterministic = True
        torch.use_deterministic_algorithms(True, warn_only=True)
        device = torch.device(wanted if wanted.startswith("cuda:") else "cuda")
        return device, f"cuda ({torch.cuda.get_device_name(device)})"
    torch.use_deterministic_algorithms(True)
    return torch.device("cpu"), "cpu"


def load_job_data(job: Job, args: argparse.Namespace) -> tuple[dict[str, Dataset], int]:
    if args.data:
        ds = load_dataset(args.data, args.label_column)
        splits = normalise_splits(split_dataset(ds, 0.2, 0.1 if args.test else 0, job.seed))
        return splits, ds.classes
    splits = {name: load_split(f.x, f.y, name) for name, f in job.files.items()}
    for name, ds in splits.items():
        if job.sample_shape is not None and list(ds.sample_shape) != job.sample_shape:
            raise InputError(f"candidate.dataset.files.{name}.x holds samples of shape {list(ds.sample_shape)}, but candidate.dataset.sampleShape is {job.sample_shape}")
    classes = job.classes or max(ds.classes for ds in splits.values())
    top = max(int(ds.y.max(initial=0)) for ds in splits.values())
    if top >= classes:
        raise InputError(f"candidate.dataset.classes is {classes}, but a label file holds class {top}")
    return splits, classes


def run_job(job: Job, args: argparse.Namespace, emit: Callable[[dict[str, Any]], None]) -> int:
    started = time.perf_counter()
    device, device_name = setup_device(job.seed)
    splits, classes = load_job_data(job, args)
    sample_shape = splits["train"].sample_shape
    field = "arch" if args.data else "candidate.archSpec"
    if job.arch["kind"] == "cnn" and len(sample_shape) != 3:
        raise InputError(f"{field}.kind cnn needs image samples [height, width, channels], but the data has sample shape {list(sample_shape)}; use an mlp spec")
    on = {k: Split(torch.from_numpy(d.x).to(device), torch.from_numpy(d.y).to(device)) for k, d in splits.items()}
    recipe = job.recipe
    # stochasticDepth applies to residual blocks only (nb201, mbconv, pnas); mlp and cnn have none.
    model = build_model(job.arch, sample_shape, classes, recipe["dropout"]).to(device)  # init on the seeded CPU generator
    eval_batch = 4096 if device.type == "cuda" else 256
    params = [p for p in model.parameters() if p.requires_grad]
    ema = WeightAverage(params, recipe["emaDecay"]) if recipe["emaDecay"] > 0 else None
    last: dict[str, float] = {}

    def evaluated(split: Split) -> tuple[float, float]:
        if ema is None:
            return evaluate(model, split, eval_batch)
        ema.swap()
        try:
            return evaluate(model, split, eval_batch)
        finally:
            ema.swap()

    def on_epoch(epoch: int, train_loss: float, lr: float) -> None:
        acc, loss = evaluated(on["validation"])
        last.update(validAcc=acc, validLoss=loss)
        emit({"epoch": epoch, "validAcc": acc, "validLoss": loss, "trainLoss": train_loss, "lr": lr})

    try:
        result = train(model, on["train"], classes, recipe, job.epochs, job.seed, decayed_parameters(model), ema, on_epoch)
    except Diverged as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 1
    final: dict[str, Any] = {
        "validAcc": last["validAcc"],
        "validLoss": last["validLoss"],
        "trainLoss": result.train_loss,
        "trainSeconds": result.train_seconds,
        "samplesPerSecond": result.samples_per_second,
        "epochs": result.epochs,
        "epoch": result.epochs,
    }
    if "test" in on:
        final["testAcc"] = evaluated(on["test"])[0]
    final["seconds"] = time.perf_counter() - started
    final["device"] = device_name
    emit(final)
    return 0
