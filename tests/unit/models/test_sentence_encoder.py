"""The ONNX sentence encoder against the numpy forward pass it replaces at serve time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.embedding_cache import embed_cached
from models.minilm_onnx import build_file, load_wheel
from models.sentence_encoder import DEFAULT_MODEL, DEFAULT_SHA256, EncoderError, SentenceEncoder, wheel_model_dir
from models.minilm_numpy import MiniLM
from tests.encoder_support import DIMS, TEXTS, tiny_tokenizer, tiny_weights


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("tiny_bert")
    weights = tiny_weights(DIMS)
    fp32 = folder / "tiny-fp32.onnx"
    int8 = folder / "tiny-int8.onnx"
    return {"weights": weights, "tokenizer": tiny_tokenizer(folder / "tokenizer.json"),
            "fp32": fp32, "fp32_sha": build_file(weights, DIMS, fp32, int8=False),
            "int8": int8, "int8_sha": build_file(weights, DIMS, int8)}


def reference(weights: dict[str, np.ndarray], ids: list[list[int]]) -> np.ndarray:
    """The numpy forward pass, one unpadded text at a time."""
    model = MiniLM(weights, DIMS.layers, DIMS.heads)
    return np.concatenate([model.encode(np.array([row]), np.ones((1, len(row)), dtype=bool)) for row in ids])


def test_fp32_graph_matches_the_numpy_forward_pass(tiny: dict) -> None:
    encoder = SentenceEncoder(tiny["fp32"], tiny["fp32_sha"], tokenizer_path=tiny["tokenizer"],
                              max_tokens=DIMS.max_positions, batch_size=4)
    ids = encoder.token_ids(TEXTS)
    assert len({len(row) for row in ids}) > 2  # batches really mix lengths, so padding is exercised
    got = encoder.encode(TEXTS)
    assert got.shape == (len(TEXTS), DIMS.hidden) and got.dtype == np.float32
    np.testing.assert_allclose(got, reference(tiny["weights"], ids), atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, DIMS.hidden)


def test_int8_stays_close_and_truncation_applies(tiny: dict) -> None:
    encoder = SentenceEncoder(tiny["int8"], tiny["int8_sha"], tokenizer_path=tiny["tokenizer"], max_tokens=8)
    ids = encoder.token_ids(TEXTS)
    assert max(len(row) for row in ids) == 8 and all(row[-1] == 3 for row in ids)
    cosine = (encoder.encode(TEXTS) * reference(tiny["weights"], ids)).sum(1)
    assert cosine.min() > 0.9


def test_int8_embeddings_do_not_depend_on_the_batch(tiny: dict) -> None:
    encoder = SentenceEncoder(tiny["int8"], tiny["int8_sha"], tokenizer_path=tiny["tokenizer"], max_tokens=32)
    together = encoder.encode(TEXTS)
    np.testing.assert_array_equal(together, np.concatenate([encoder.encode([text]) for text in TEXTS]))


def test_sha256_mismatch_refuses_to_load(tiny: dict) -> None:
    with pytest.raises(EncoderError, match="refusing to load"):
        SentenceEncoder(tiny["fp32"], "0" * 64, tokenizer_path=tiny["tokenizer"])
    with pytest.raises(EncoderError, match="not found"):
        SentenceEncoder(Path(tiny["fp32"]).with_name("missing.onnx"), tiny["fp32_sha"],
                        tokenizer_path=tiny["tokenizer"])
    with pytest.raises(EncoderError, match="max_tokens"):
        SentenceEncoder(tiny["fp32"], tiny["fp32_sha"], tokenizer_path=tiny["tokenizer"], max_tokens=128)


def test_builder_is_deterministic(tiny: dict, tmp_path: Path) -> None:
    for name, int8 in (("again-fp32.onnx", False), ("again-int8.onnx", True)):
        again = build_file(tiny_weights(DIMS), DIMS, tmp_path / name, int8=int8)
        assert again == tiny["int8_sha" if int8 else "fp32_sha"]
        assert (tmp_path / name).read_bytes() == Path(tiny["int8" if int8 else "fp32"]).read_bytes()


def test_cache_returns_the_same_vectors_without_re_encoding(tiny: dict, tmp_path: Path) -> None:
    encoder = SentenceEncoder(tiny["fp32"], tiny["fp32_sha"], tokenizer_path=tiny["tokenizer"], max_tokens=32)
    calls: list[int] = []
    original = encoder.encode
    encoder.encode = lambda texts: (calls.append(len(texts)), original(texts))[1]  # type: ignore[method-assign]
    texts = TEXTS + TEXTS[:2]  # repeats are encoded once
    first = embed_cached(encoder, texts, tmp_path, shard_size=3)
    assert sum(calls) == len(TEXTS) and calls == [3, 3]
    messages: list[str] = []
    again = embed_cached(encoder, ["new text", *texts], tmp_path, progress=messages.append)
    assert sum(calls) == len(TEXTS) + 1
    np.testing.assert_array_equal(again[1:], first)
    np.testing.assert_allclose(first, original(texts), atol=1e-6)
    assert messages and "cached" in messages[0]


REAL = pytest.mark.skipif(not DEFAULT_MODEL.is_file() or wheel_model_dir() is None,
                          reason="the built MiniLM ONNX file (make install) or its wheel is absent")


@REAL
def test_real_int8_encoder_matches_minilm() -> None:
    sentences = ["The mayor's new budget cuts funding for the public library.",
                 "The city council reduced the money given to local libraries.",
                 "You are an idiot and everyone hates your stupid opinions.",
                 "My cat likes to sleep in the sun by the window all afternoon."]
    encoder = SentenceEncoder(DEFAULT_MODEL, DEFAULT_SHA256)
    got = encoder.encode(sentences)
    weights, dims = load_wheel(wheel_model_dir())
    model = MiniLM(weights, dims.layers, dims.heads)
    want = np.concatenate([model.encode(np.array([row]), np.ones((1, len(row)), dtype=bool))
                           for row in encoder.token_ids(sentences)])
    assert (got * want).sum(1).min() > 0.95
    similarity = got @ got.T
    assert similarity[0, 1] > similarity[0, 2] + 0.3 and similarity[0, 1] > similarity[0, 3] + 0.3
