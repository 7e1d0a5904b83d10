"""A port of jars' Rng (src/core/rng.ts: xoshiro128** seeded through splitmix32), only what the
standalone mode needs to split a dataset exactly as `jars train --seed N` does, so both trainers
validate on the same samples."""

from __future__ import annotations

M32 = 0xFFFFFFFF


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & M32


def _hash_string(text: str) -> int:
    """FNV-1a over UTF-16 code units, as hashString (JS charCodeAt)."""
    h = 0x811C9DC5
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & M32
    return h


class JarsRng:
    def __init__(self, seed: int | str) -> None:
        x = (seed & M32) if isinstance(seed, int) else _hash_string(seed)
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            state.append((z ^ (z >> 16)) & M32)
        if not any(state):
            state[0] = 1
        self.s0, self.s1, self.s2, self.s3 = state

    def next_uint32(self) -> int:
        result = (_rotl((self.s1 * 5) & M32, 7) * 9) & M32
        t = (self.s1 << 9) & M32
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = _rotl(self.s3, 11)
        return result

    def next(self) -> float:
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def int(self, n: int) -> int:
        return int(self.next() * n)

    def shuffle(self, items: list) -> list:
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.int(i + 1)
            out[i], out[j] = out[j], out[i]
        return out
