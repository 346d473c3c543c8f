"""The encoder stage: MiniLM sentence embeddings in, one linear margin per label out.

A bag of words cannot tell "I don't hate them" from "I hate them", or a call to attack from a
report of one; a sentence embedding can. The heads here are small one-hidden-layer networks
(scikit-learn's MLPClassifier, 256 ReLU units) over the 384-d embedding, fitted on the training
split like the linear stage's heads: on validation they beat a logistic head on every label. A long comment
is embedded in chunks of a sentence or two (MiniLM reads 128 tokens at most) and scores, per
label, as its worst chunk, so a call for violence at the end of a long comment is neither cut
off nor averaged away by the sentences around it.
The encoder itself (models/sentence_encoder.py) is not pickled: the Scorer attaches it on load.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from models.datasets import Example
from models.embedding_cache import DEFAULT_CACHE_DIR, embed_cached
from models.fitting import balanced_rows, label_matrix

SENTENCE_BREAK = re.compile(r"(?<=[.!?\u2026])\s+|\n+")
CHUNK_CHARS = 200  # a couple of sentences: one violent sentence is not averaged away by its neighbours
MAX_PIECE_CHARS = 480  # about 110 MiniLM tokens of English: inside its 128-token window
MAX_CHUNKS = 24

Embed = Callable[[Sequence[str]], np.ndarray]


def _pieces(sentence: str) -> list[str]:
    """Cut a sentence longer than MAX_PIECE_CHARS at spaces."""
    out = []
    while len(sentence) > MAX_PIECE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_PIECE_CHARS)
        cut = cut if cut > 0 else MAX_PIECE_CHARS
        out.append(sentence[:cut])
        sentence = sentence[cut:].lstrip()
    return out + [sentence] if sentence else out


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split a long `text` into runs of whole sentences of at most about `size` characters."""
    if len(text) <= size:
        return [text]
    out: list[str] = []
    for sentence in SENTENCE_BREAK.split(text):
        for piece in _pieces(sentence.strip()):
            if out and len(out[-1]) + 1 + len(piece) <= size:
                out[-1] += " " + piece
            else:
                out.append(piece)
    return out[:MAX_CHUNKS] or [text]


class Embedder:
    """A sentence encoder as training sees it: embeddings cached on disk, and the spec a bundle records."""

    def __init__(self, encoder: Any, cache_dir: Any = DEFAULT_CACHE_DIR,
                 progress: Callable[[str], None] = lambda message: None) -> None:
        self.encoder, self.cache_dir, self.progress = encoder, cache_dir, progress
        tokenizer = getattr(encoder, "tokenizer_file", None)
        self.spec = {"file": encoder.model_path.name, "sha256": encoder.sha256, "max_tokens": encoder.max_tokens,
                     "tokenizer": tokenizer.name if tokenizer else None}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return embed_cached(self.encoder, texts, self.cache_dir, progress=self.progress)


class EncoderHeads:
    """Per-label one-hidden-layer networks over sentence embeddings, and the encoder they need.

    Each label's scikit-learn MLPClassifier is kept as plain arrays, stacked so a batch is two
    matrix products: (dims, labels * hidden) into ReLU, then each label's own output weights.
    The margin is the network's logit, which the combined calibrator reads like a linear margin.
    """

    def __init__(self, labels: Sequence[str], hidden_weights: np.ndarray, hidden_bias: np.ndarray,
                 output_weights: np.ndarray, output_bias: np.ndarray, encoder_spec: Mapping[str, Any]) -> None:
        self.labels = tuple(labels)
        self.hidden_weights = np.ascontiguousarray(hidden_weights, dtype=np.float32)  # (dims, labels * hidden)
        self.hidden_bias = np.asarray(hidden_bias, dtype=np.float32)  # (labels * hidden,)
        self.output_weights = np.asarray(output_weights, dtype=np.float32)  # (labels, hidden)
        self.output_bias = np.asarray(output_bias, dtype=np.float32)  # (labels,)
        self.encoder_spec = dict(encoder_spec)  # {"file", "sha256", "max_tokens", "tokenizer"}
        self.encoder: Any = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["encoder"] = None  # an onnxruntime session is attached at load, never pickled
        return state

    def logits(self, embeddings: np.ndarray) -> np.ndarray:
        """Return (n, labels) logits for (n, dims) embeddings."""
        hidden = np.maximum(embeddings @ self.hidden_weights + self.hidden_bias, 0.0)
        hidden = hidden.reshape(len(embeddings), *self.output_weights.shape)
        return np.einsum("nlh,lh->nl", hidden, self.output_weights) + self.output_bias

    def margins(self, texts: Sequence[str], embed: Embed | None = None) -> np.ndarray:
        """Return (n, labels) margins: each text's worst chunk, label by label."""
        embed = embed or self.encoder.encode
        owners, pieces = [], []
        for i, text in enumerate(texts):
            parts = chunks(text)
            owners += [i] * len(parts)
            pieces += parts
        per_piece = self.logits(embed(pieces))
        if len(pieces) == len(texts):
            return per_piece.astype(np.float64)
        worst = np.full((len(texts), len(self.labels)), -np.inf)
        np.maximum.at(worst, np.array(owners), per_piece)
        return worst


def _fit_network(embeddings: np.ndarray, values: np.ndarray, weights: np.ndarray, hidden: int,
                 epochs: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    expanded = balanced_rows(values, weights)
    if isinstance(expanded, float):
        return np.zeros((embeddings.shape[1], hidden)), np.zeros(hidden), np.zeros(hidden), expanded
    rows, targets, w = expanded
    network = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1e-3, batch_size=min(256, len(rows)), max_iter=epochs,
                            random_state=seed)
    with warnings.catch_warnings():
        # A fixed number of epochs, chosen on validation, not convergence: the warning says nothing new.
        warnings.simplefilter("ignore", ConvergenceWarning)
        network.fit(embeddings[rows], targets, sample_weight=w)
    (w1, w2), (b1, b2) = network.coefs_, network.intercepts_
    return w1, b1, w2[:, 0], float(b2[0])


def fit_encoder_heads(embeddings: np.ndarray, examples: Sequence[Example], labels: Sequence[str],
                      encoder_spec: Mapping[str, Any], *, hidden: int = 256, epochs: int = 15, seed: int = 13,
                      progress: Callable[[str], None] = lambda message: None) -> EncoderHeads:
    """Fit one small network per label on the training rows' embeddings (rows its source labels)."""
    values, known = label_matrix(examples, labels)
    weights = np.array([example.weight for example in examples])
    fitted = []
    for j, label in enumerate(labels):
        mask = known[:, j]
        fitted.append(_fit_network(embeddings[mask], values[mask, j], weights[mask], hidden, epochs, seed))
        progress(f"fitted the encoder head for {label}")
    return EncoderHeads(labels, np.hstack([f[0] for f in fitted]), np.concatenate([f[1] for f in fitted]),
                        np.vstack([f[2] for f in fitted]), np.array([f[3] for f in fitted]), encoder_spec)
