"""Datasets as jars reads them (src/data/*.ts): IDX files (the protocol's float32 splits and
MNIST-style ubyte pairs, gzipped or not), CSV, CIFAR-10 binary batches; the seeded 80/20 split
and the train-split normalisation of jars' own trainer."""

from __future__ import annotations

import csv
import gzip
import io
import math
import os
import re
from dataclasses import dataclass, replace

import numpy as np

from jars_rng import JarsRng
from spec import InputError, show

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class DataError(InputError):
    """A dataset file that is missing or malformed."""


@dataclass
class Dataset:
    name: str
    x: np.ndarray  # float32, [n, *sample_shape] (images HWC)
    y: np.ndarray  # int64, [n]
    classes: int
    max_value: float | None = None

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return tuple(self.x.shape[1:])


def read_bytes(path: str) -> bytes:
    """A file's bytes, gunzipped when it starts with the gzip magic (whatever its name)."""
    if not os.path.isfile(path):
        raise DataError(f"dataset file {path} not found")
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except OSError as error:
            raise DataError(f"dataset file {path} looks gzipped but cannot be decompressed: {error}") from None
    return raw


def read_idx(path: str) -> np.ndarray:
    """An IDX array of any element type (big-endian header, dims, data), in native byte order."""
    raw = read_bytes(path)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise DataError(f"{path} is not an IDX file: it must start with two zero bytes (magic 0x0000TTRR)")
    dtype = IDX_TYPES.get(raw[2])
    if dtype is None:
        raise DataError(f"{path}: IDX element type must be one of {', '.join(f'0x{t:02X}' for t in IDX_TYPES)}, but got 0x{raw[2]:02X}")
    rank = raw[3]
    header = 4 + 4 * rank
    if rank < 1 or len(raw) < header:
        raise DataError(f"{path}: IDX header of rank {rank} is truncated")
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    expected = math.prod(dims) * np.dtype(dtype).itemsize
    if len(raw) - header != expected:
        raise DataError(f"{path}: IDX header says {'×'.join(map(str, dims))} values ({expected} bytes), but the file holds {len(raw) - header} bytes")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(dims).astype(dtype[1:], copy=True)


def load_split(x_path: str, y_path: str, name: str) -> Dataset:
    """One split of the protocol: x float32 [n, *sampleShape], y uint8 [n]."""
    x = read_idx(x_path).astype(np.float32, copy=False)
    y = read_idx(y_path)
    if y.ndim != 1 or y.shape[0] != x.shape[0]:
        raise DataError(f"{y_path} must hold one label per sample of {x_path} ({x.shape[0]}), but has shape {list(y.shape)}")
    return Dataset(name, x, y.astype(np.int64), int(y.max(initial=0)) + 1)


# --- standalone formats ----------------------------------------------------------------------

def data_dir() -> str:
    """$JARS_DATA_DIR, else ../shared/data beside the project root (as src/core/data-dir.ts)."""
    env = os.environ.get("JARS_DATA_DIR", "")
    return os.path.abspath(env) if env else os.path.join(os.path.dirname(PROJECT_ROOT), "shared", "data")


def load_dataset(spec: str, label_column: str | None = None) -> Dataset:
    data = _load_any(spec, label_column)
    seen = len(np.unique(data.y))
    if seen < 2:
        raise DataError(f"dataset {show(spec)} has {seen} class{'' if seen == 1 else 'es'} in its labels; a classifier needs at least 2 (is the label column the right one?)")
    return data


def _load_any(spec: str, label_column: str | None) -> Dataset:
    if spec in ("sklearn-digits", "digits"):
        return load_csv(_data_file("sklearn-digits/digits.csv.gz"), "-1", header=False, sample_shape=(8, 8, 1), max_value=16, name="sklearn-digits")
    if spec == "mnist-idx":
        return load_idx_pair(_data_file("mnist/t10k-images-idx3-ubyte.gz"), _data_file("mnist/t10k-labels-idx1-ubyte.gz"), "mnist-idx")
    full = os.path.abspath(spec)
    if not os.path.exists(full):
        raise DataError(f"dataset {show(spec)} is neither a built-in name (sklearn-digits, mnist-idx) nor an existing path ({full})")
    if os.path.isdir(full):
        return _load_folder(full)
    base = os.path.basename(full)
    if re.search(r"\.csv(\.gz)?$", base, re.I):
        return load_csv(full, label_column)
    if re.search(r"\.bin(\.gz)?$", base, re.I):
        return load_cifar([full], re.sub(r"\.bin(\.gz)?$", "", base, flags=re.I))
    m = re.fullmatch(r"(.*)-images-idx3-ubyte(\.gz)?", base)
    if m:
        labels = os.path.join(os.path.dirname(full), f"{m.group(1)}-labels-idx1-ubyte{m.group(2) or ''}")
        return load_idx_pair(full, labels, m.group(1))
    raise DataError(f"dataset file {full} has an unknown format: expected *.csv[.gz], a CIFAR-10 *.bin batch, or *-images-idx3-ubyte[.gz]")


def _data_file(relative: str) -> str:
    full = os.path.join(data_dir(), relative)
    if not os.path.exists(full):
        raise DataError(f"data file {full} not found (data folder from JARS_DATA_DIR, default ../shared/data)")
    return full


def _load_folder(folder: str) -> Dataset:
    for prefix in ("train", "t10k"):
        for ext in ("", ".gz"):
            images = os.path.join(folder, f"{prefix}-images-idx3-ubyte{ext}")
            labels = os.path.join(folder, f"{prefix}-labels-idx1-ubyte{ext}")
            if os.path.exists(images) and os.path.exists(labels):
                return load_idx_pair(images, labels, f"{os.path.basename(folder)}-{prefix}")
    batches = sorted(f for f in os.listdir(folder) if re.fullmatch(r"data_batch_\d+\.bin(\.gz)?", f))
    if batches:
        return load_cifar([os.path.join(folder, f) for f in batches], os.path.basename(folder))
    raise DataError(f"folder {folder} holds no dataset: expected train-/t10k-images-idx3-ubyte[.gz] with their labels files, or CIFAR-10 data_batch_N.bin files")


def load_idx_pair(images_path: str, labels_path: str, name: str) -> Dataset:
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3:
        raise DataError(f"{images_path}: IDX images must have rank 3 (count × rows × cols), but got shape {'×'.join(map(str, images.shape))}")
    if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
        raise DataError(f"{labels_path} holds {labels.shape[0]} labels but {images_path} holds {images.shape[0]} images; they must match")
    y = labels.astype(np.int64)
    return Dataset(name, images.astype(np.float32)[..., None], y, int(y.max()) + 1, max_value=255)


def load_cifar(files: list[str], name: str) -> Dataset:
    record = 1 + 3 * 32 * 32
    parts = []
    for path in files:
        raw = read_bytes(path)
        if len(raw) == 0 or len(raw) % record:
            raise DataError(f"{path}: a CIFAR-10 binary batch is a whole number of {record}-byte records, but the file has {len(raw)} bytes")
        rows = np.frombuffer(raw, dtype=np.uint8).reshape(-1, record)
        if rows[:, 0].max() >= 10:
            raise DataError(f"{path}: a record has label {int(rows[:, 0].max())}; CIFAR-10 labels must be 0–9 (is this a CIFAR-100 file?)")
        parts.append(rows)
    rows = np.concatenate(parts)
    x = rows[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).astype(np.float32)  # planes -> HWC
    return Dataset(name, np.ascontiguousarray(x), rows[:, 0].astype(np.int64), 10, max_value=255)


def _js_number(cell: str) -> float | None:
    try:
        v = float(cell)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def load_csv(path: str, label_column: str | None = None, header: bool | None = None, sample_shape: tuple[int, ...] | None = None,
             max_value: float | None = None, name: str | None = None) -> Dataset:
    text = read_bytes(path).decode("utf-8")
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text)) if row and any(c.strip() for c in row)]
    if not rows:
        raise DataError(f"{path} has no rows")
    first = rows[0]
    width = len(first)
    if width < 2:
        raise DataError(f"{path}: a dataset CSV needs at least one feature column and a label column, but row 1 has {width} column")
    if header is None:
        header = any(c != "" and _js_number(c) is None for c in first)
    names = first if header else [str(i) for i in range(width)]
    at = _label_index(label_column, names, header, path)
    body = rows[1:] if header else rows
    if not body:
        raise DataError(f"{path} has a header but no data rows")
    features = width - 1
    shape = sample_shape or (features,)
    x = np.empty((len(body), features), dtype=np.float32)
    raw_labels: list[str] = []
    for r, row in enumerate(body):
        line = r + (2 if header else 1)
        if len(row) != width:
            raise DataError(f"{path} line {line}: expected {width} columns like the first row, but got {len(row)}")
        label = row[at]
        if label == "":
            raise DataError(f"{path} line {line}: the label (column {names[at]}) is empty")
        raw_labels.append(label)
        values = [_js_number(c) if c != "" else None for i, c in enumerate(row) if i != at]
        bad = next((i for i, v in enumerate(values) if v is None), None)
        if bad is not None:
            col = bad + (1 if bad >= at else 0)
            raise DataError(f"{path} line {line}: feature column {names[col]} must be a finite number, but got {show(row[col])}")
        x[r] = values
    fractional = next((l for l in raw_labels if re.fullmatch(r"\s*-?\d*\.\d+(e-?\d+)?\s*", l, re.I) and not float(l).is_integer()), None)
    if fractional is not None:
        raise DataError(f"{path}: the label column {names[at]} holds fractional numbers (e.g. {show(fractional)}); jars trains classifiers, so it needs class labels (whole numbers or names), or another labelColumn")
    distinct = list(dict.fromkeys(raw_labels))
    numeric = all(_js_number(v) is not None for v in distinct)
    distinct.sort(key=(lambda v: float(v)) if numeric else None)
    index = {v: i for i, v in enumerate(distinct)}
    y = np.array([index[v] for v in raw_labels], dtype=np.int64)
    base = name or re.sub(r"\.csv(\.gz)?$", "", os.path.basename(path))
    return Dataset(base, x.reshape((len(body), *shape)), y, len(distinct), max_value)


def _label_index(label: str | None, names: list[str], header: bool, path: str) -> int:
    width = len(names)
    if label is None:
        return width - 1
    if re.fullmatch(r"-?\d+", label):
        i = int(label)
        at = width + i if i < 0 else i
        if not 0 <= at < width:
            raise InputError(f"labelColumn must be a column index in [{-width}, {width - 1}] for {path}, but got {show(label)}")
        return at
    if not header or label not in names:
        raise InputError(f"labelColumn must be one of {', '.join(names)}, but got {show(label)}" if header
                         else f"labelColumn {show(label)} is a name, but {path} has no header row; pass a column index")
    return names.index(label)


# --- split and normalisation ------------------------------------------------------------------

def split_dataset(ds: Dataset, validation: float, test: float, seed: int) -> dict[str, Dataset]:
    """jars' splitDataset: a seeded shuffle (jars' own Rng), then test, validation, train."""
    n = len(ds.y)
    count = lambda v: 0 if v == 0 else (math.floor(v * n + 0.5) if v < 1 else math.floor(v))  # noqa: E731
    n_test, n_valid = count(test), count(validation)
    n_train = n - n_test - n_valid
    if n_valid < 1 or n_train < 1:
        raise DataError(f"split of {ds.name} needs at least one training and one validation sample, but {n} samples give train={n_train}, validation={n_valid}, test={n_test}")
    order = np.array(JarsRng(seed).shuffle(list(range(n))), dtype=np.int64)
    take = lambda idx, part: replace(ds, name=f"{ds.name}:{part}", x=ds.x[idx], y=ds.y[idx])  # noqa: E731
    out = {"validation": take(order[n_test : n_test + n_valid], "validation"), "train": take(order[n_test + n_valid :], "train")}
    if n_test:
        out["test"] = take(order[:n_test], "test")
    return out


def normalise_splits(splits: dict[str, Dataset]) -> dict[str, Dataset]:
    """Images ÷ the format maximum (else the train split's largest |value|); tabular rows
    standardised per feature on the train split (constant features keep scale 1)."""
    train = splits["train"]
    channels = train.x.shape[-1]
    flat = train.x.reshape(-1, channels).astype(np.float64)
    if len(train.sample_shape) == 3:
        top = train.max_value if train.max_value is not None else float(np.abs(flat).max(initial=0))
        shift, scale = np.zeros(channels), np.full(channels, top if top > 0 else 1.0)
    else:
        shift = flat.mean(axis=0)
        variance = np.maximum(0.0, (flat * flat).mean(axis=0) - shift * shift)
        scale = np.where(variance > 1e-12, np.sqrt(variance), 1.0)
    return {k: replace(d, x=((d.x.astype(np.float64) - shift) / scale).astype(np.float32), max_value=None) for k, d in splits.items()}
