#!/usr/bin/env python3
"""The reference PyTorch trainer for jars' `command` evaluator (protocol 1, see README.md).

    python3 trainers/pytorch/train.py                      # candidate from $JARS_CANDIDATE_FILE
    python3 trainers/pytorch/train.py --candidate PATH
    python3 trainers/pytorch/train.py --data PATH --arch '<json>' --recipe '<json or file>' [--seed N]

Prints one JSON line per epoch ({"epoch", "validAcc", "validLoss", …}) and a final line with
validAcc, validLoss, trainLoss, trainSeconds, samplesPerSecond, epochs, testAcc (with a test
split) and "device". Exit codes: 0 done, 1 diverged, 2 bad input or no torch, 143 SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys

sys.dont_write_bytecode = True  # keep the user's tree free of __pycache__ folders

from candidate import Job, read_candidate
from find_torch import ensure_torch
from spec import InputError, arch_from_text, epochs_to_train, recipe_from_text


def on_sigterm(_signum: int, _frame: object) -> None:
    # Pruning: jars sends SIGTERM to the trial's process group. Nothing is worth saving.
    print("train.py: stopped by SIGTERM", file=sys.stderr, flush=True)
    os._exit(143)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="train.py", description="Train a jars candidate (mlp or cnn spec + recipe) with PyTorch.")
    p.add_argument("--candidate", help="candidate.json (default: $JARS_CANDIDATE_FILE)")
    p.add_argument("--data", help="standalone: a dataset path (IDX images file or folder, CSV, CIFAR-10 .bin) or sklearn-digits / mnist-idx")
    p.add_argument("--label-column", help="standalone CSV: label column name or index (default: the last)")
    p.add_argument("--arch", help="standalone: spec as JSON, a JSON file, or mlp:256,128 / cnn:16,32")
    p.add_argument("--recipe", default="{}", help="standalone: recipe fields as JSON or a JSON file (default: jars' defaults)")
    p.add_argument("--seed", type=int, default=0, help="standalone: seeds the split, weight init, shuffles and augmentation (default 0)")
    p.add_argument("--test", action="store_true", help="standalone: also split off 10%% as a test set and report testAcc")
    return p.parse_args(argv)


def standalone_job(args: argparse.Namespace) -> Job:
    if not args.arch:
        raise InputError("--arch is required with --data (e.g. --arch mlp:128 or --arch '{\"kind\": \"cnn\", \"filters\": [16, 32]}')")
    if not 0 <= args.seed < 2**31:
        raise InputError(f"--seed must be an integer in [0, 2^31), but got {args.seed}")
    arch = arch_from_text(args.arch)
    recipe = recipe_from_text(args.recipe)
    return Job(arch=arch, recipe=recipe, epochs=epochs_to_train(recipe), seed=args.seed)


def emit(line: dict) -> None:
    # A non-finite number becomes null (JSON has no NaN): jars then sees a missing metric.
    clean = {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in line.items()}
    print(json.dumps(clean), flush=True)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, on_sigterm)
    args = parse_args(argv)
    try:
        if args.data:
            job = standalone_job(args)
        else:
            path = args.candidate or os.environ.get("JARS_CANDIDATE_FILE")
            if not path:
                raise InputError("no candidate: pass --candidate PATH, set JARS_CANDIDATE_FILE, or use --data PATH --arch SPEC")
            job = read_candidate(path)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 2
    ensure_torch(__file__)
    from run import run_job  # needs torch and numpy

    try:
        return run_job(job, args, emit)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
