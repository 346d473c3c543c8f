"""all-MiniLM-L6-v2's BERT forward pass in plain numpy: the reference the ONNX graph is checked against.

models/minilm_onnx.py builds the serving graph from the same weights; the tests and
bench/encoder_bench.py compare the two, so a mistake in the graph cannot pass as a model.
"""

from __future__ import annotations

import numpy as np

N_LAYERS = 6
N_HEADS = 12
EPS = 1e-12


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2 as numpy arrays, for short inputs."""

    def __init__(self, weights: dict[str, np.ndarray], n_layers: int = N_LAYERS, n_heads: int = N_HEADS) -> None:
        self.w, self.n_layers, self.n_heads = weights, n_layers, n_heads

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
        size = hidden // self.n_heads
        additive = np.where(mask[:, None, None, :], 0.0, -1e9).astype(np.float32)
        for layer in range(self.n_layers):
            p = f"encoder.layer.{layer}"
            q, k, v = (self._dense(x, f"{p}.attention.self.{n}").reshape(batch, length, self.n_heads, size).transpose(0, 2, 1, 3)
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
