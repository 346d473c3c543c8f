"""Sentence embeddings cached on disk, for training and evaluation (never the service).

Encoding a training corpus takes minutes, and most re-runs see the same texts with the same
encoder. Each text is keyed by the sha1 of its UTF-8 bytes, inside a folder named by the
encoder's `cache_tag` (its ONNX file's sha256, its tokenizer's and max_tokens), so a rebuilt or
re-configured encoder never reads another's vectors. New vectors are written in shards of at
most `shard_size` rows, each `<name>.npy` with its keys in `<name>.keys.npy`, the keys last and
both via a rename, so an interrupted run keeps what it finished and a half-written shard is
never read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "cache" / "embeddings"


class Encoder(Protocol):
    """What the cache needs of models.sentence_encoder.SentenceEncoder."""

    cache_tag: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def text_key(text: str) -> str:
    """The hex sha1 of `text`, the cache key (hex: numpy's bytes dtype drops trailing NULs)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        np.save(handle, array, allow_pickle=False)
    tmp.replace(path)


def _load_index(folder: Path) -> dict[str, tuple[Path, int]]:
    """Map every cached key to (shard, row); shards without a keys file are unfinished."""
    index: dict[str, tuple[Path, int]] = {}
    for keys_path in sorted(folder.glob("*.keys.npy")):
        shard = keys_path.with_name(keys_path.name.removesuffix(".keys.npy") + ".npy")
        keys = np.load(keys_path, allow_pickle=False)
        for row, key in enumerate(keys.tolist()):
            index.setdefault(key, (shard, row))
    return index


def embed_cached(encoder: Encoder, texts: Sequence[str], cache_dir: str | Path = DEFAULT_CACHE_DIR, *,
                 shard_size: int = 2048, progress: Callable[[str], None] = lambda message: None) -> np.ndarray:
    """Return encoder.encode(texts), computing only the texts not already cached."""
    folder = Path(cache_dir) / encoder.cache_tag
    folder.mkdir(parents=True, exist_ok=True)
    keys = [text_key(text) for text in texts]
    index = _load_index(folder)
    out = np.empty((len(texts), encoder.dim), dtype=np.float32)
    by_shard: dict[Path, list[tuple[int, int]]] = {}
    missing: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key in index:
            shard, row = index[key]
            by_shard.setdefault(shard, []).append((position, row))
        else:
            missing.setdefault(key, []).append(position)
    for shard, pairs in by_shard.items():
        vectors = np.load(shard, mmap_mode="r", allow_pickle=False)
        positions, rows = zip(*pairs)
        out[list(positions)] = vectors[list(rows)]
    progress(f"embeddings: {len(texts) - sum(map(len, missing.values()))} of {len(texts)} cached, "
             f"{len(missing)} distinct texts to encode")
    todo = list(missing)
    for start in range(0, len(todo), shard_size):
        chunk = todo[start:start + shard_size]
        vectors = encoder.encode([texts[missing[key][0]] for key in chunk]).astype(np.float32, copy=False)
        for key, vector in zip(chunk, vectors):
            out[missing[key]] = vector
        key_array = np.array(chunk, dtype="U40")
        name = hashlib.sha1(key_array.tobytes()).hexdigest()[:20]
        _save(folder / f"{name}.npy", vectors)
        _save(folder / f"{name}.keys.npy", key_array)  # last: it is what marks the shard complete
        progress(f"embeddings: encoded {min(start + shard_size, len(todo))} of {len(todo)}")
    return out
