"""PyTorch CPU reference for bench/native-cnn.mjs: the same `cnn3` network (3x3 convs 16/32/64
+ BatchNorm + ReLU, max-pool after the first two, global average pool, dropout, dense 10),
batch 64, Adam(1e-3), cross-entropy, on synthetic data. Prints one JSON line with img/s.

    python3 bench/pytorch_cnn.py --input 28x28x1 --batches 40 --threads 2

Stock settings on purpose (no allocator tuning): the comparison is with an out-of-the-box
PyTorch CPU install (Debian python3-torch).
"""
import argparse
import json
import time

import torch
from torch import nn


def cnn3(channels: int) -> nn.Module:
    def block(cin: int, cout: int) -> list:
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

    return nn.Sequential(
        *block(channels, 16), nn.MaxPool2d(2),
        *block(16, 32), nn.MaxPool2d(2),
        *block(32, 64),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.25), nn.Linear(64, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", default="28x28x1")
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    h, w, c = (int(v) for v in args.input.split("x"))
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = cnn3(c)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    bs = args.batch_size
    x = torch.randn(args.batches * bs, c, h, w)
    y = torch.randint(0, 10, (args.batches * bs,))

    def epoch(batches: int) -> None:
        model.train()
        for b in range(batches):
            xb, yb = x[b * bs:(b + 1) * bs], y[b * bs:(b + 1) * bs]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()

    epoch(2)  # warm-up, like the tfjs runs
    t0 = time.perf_counter()
    epoch(args.batches)
    seconds = time.perf_counter() - t0
    print(json.dumps({"images": args.batches * bs, "seconds": seconds,
                      "imagesPerSecond": args.batches * bs / seconds, "threads": args.threads,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
