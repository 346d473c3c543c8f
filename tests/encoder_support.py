"""A tiny random BERT and WordPiece tokenizer, built in well under a second, for the encoder's real code path."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from models.minilm_onnx import BertDims, build_file
from models.sentence_encoder import SentenceEncoder

DIMS = BertDims(vocab=100, hidden=32, heads=4, layers=2, intermediate=64, max_positions=48)
WORDS = ("the", "a", "comment", "article", "is", "was", "good", "bad", "great", "terrible", "i", "you",
         "think", "agree", "not", "this", "that", "writer", "news", "read", "##s", "##ing", "##ed", ".", ",", "!")
TEXTS = ["The article is good.", "I think you are not reading this!", "", "bad",
         "the writer agreed , the news was terrible terrible terrible . " * 4, "Comments agreeing, great news."]


def tiny_weights(dims: BertDims, seed: int = 0) -> dict[str, np.ndarray]:
    """Random BERT weights under the Hugging Face names, scaled like a trained model's."""
    rng = np.random.default_rng(seed)

    def normal(*shape: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    h, i = dims.hidden, dims.intermediate
    w = {"embeddings.word_embeddings.weight": normal(dims.vocab, h),
         "embeddings.position_embeddings.weight": normal(dims.max_positions, h),
         "embeddings.token_type_embeddings.weight": normal(2, h),
         "embeddings.LayerNorm.weight": 1 + normal(h, scale=0.1), "embeddings.LayerNorm.bias": normal(h)}
    for layer in range(dims.layers):
        p = f"encoder.layer.{layer}"
        for name, out, inp in (("attention.self.query", h, h), ("attention.self.key", h, h),
                               ("attention.self.value", h, h), ("attention.output.dense", h, h),
                               ("intermediate.dense", i, h), ("output.dense", h, i)):
            w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"] = normal(out, inp), normal(out)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[f"{p}.{norm}.weight"], w[f"{p}.{norm}.bias"] = 1 + normal(h, scale=0.1), normal(h)
    return w


def tiny_tokenizer(path: Path) -> Path:
    """A BERT-style WordPiece tokenizer over WORDS, padded with filler tokens to DIMS.vocab."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS]
    vocab += [f"filler{n}" for n in range(DIMS.vocab - len(vocab))]
    tokenizer = Tokenizer(models.WordPiece({token: n for n, token in enumerate(vocab)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]",
                                                             special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer.save(str(path))
    return path


def tiny_encoder(folder: Path) -> SentenceEncoder:
    """Build the tiny int8 encoder and its tokenizer in `folder` (where a bundle using it will live)."""
    sha = build_file(tiny_weights(DIMS), DIMS, folder / "tiny-int8.onnx")
    return SentenceEncoder(folder / "tiny-int8.onnx", sha, tokenizer_path=tiny_tokenizer(folder / "tokenizer.json"),
                           max_tokens=32)
