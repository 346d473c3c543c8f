"""Read the evaluation-only sets. Nothing in this module may feed training.

HateCheck, SFU CTC (non-commercial licence), the conversationai Wikipedia test sets and
madlibs, and the official GHC and OLID test splits are read here and only here; the trainer
asks for their normalized texts solely to drop copies of them from the training sources.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.datasets import read_csv

SEED_PAGE = Path("seeds") / "article_with_comments.txt"


@dataclass
class EvalSet:
    """Texts with one or more binary targets (name -> 0/1 array) and optional row tags."""

    name: str
    texts: list[str]
    targets: dict[str, np.ndarray]
    tags: dict[str, list[str]] = field(default_factory=dict)


def wikipedia(root: Path, fuzzed: bool) -> EvalSet:
    """The conversationai Wikipedia toxicity test sample (or its identity-fuzzed copy)."""
    name = "toxicity_fuzzed_testset.csv" if fuzzed else "toxicity_nonfuzzed_testset.csv"
    rows = list(read_csv(root / "wikipedia_toxicity_conversationai_eval" / name))
    return EvalSet("wikipedia_fuzzed" if fuzzed else "wikipedia", [r["comment"] for r in rows],
                   {"toxic": np.array([r["toxic"] == "True" for r in rows], dtype=int)})


def madlibs(root: Path) -> EvalSet:
    """The synthetic identity-term templates for bias metrics."""
    rows = list(read_csv(root / "wikipedia_toxicity_conversationai_eval" / "bias_madlibs_77k.csv"))
    return EvalSet("madlibs", [r["Text"] for r in rows], {"toxic": np.array([r["Label"] == "BAD" for r in rows], dtype=int)})


def gab_test(root: Path) -> EvalSet:
    """The official GHC test split: any hate (hd or cv) and call for violence (cv)."""
    rows = list(read_csv(root / "gab_hate_corpus" / "ghc_test.tsv", delimiter="\t"))
    hd = np.array([int(r["hd"]) for r in rows])
    cv = np.array([int(r["cv"]) for r in rows])
    return EvalSet("gab_test", [r["text"] for r in rows], {"any_hate": np.maximum(hd, cv), "call_for_violence": cv})


def olid_test(root: Path) -> EvalSet:
    """The official OLID level-A test split (offensive or not)."""
    folder = root / "olid_offenseval2019"
    gold = {r["id"]: r["label"] for r in read_csv(folder / "labels-levela.csv")}
    rows = list(read_csv(folder / "testset-levela.tsv", delimiter="\t", quoting=csv.QUOTE_NONE))
    return EvalSet("olid_test", [r["tweet"] for r in rows], {"offensive": np.array([gold[r["id"]] == "OFF" for r in rows], dtype=int)})


def hatecheck(root: Path) -> EvalSet:
    """HateCheck's 3,728 functional test cases, tagged with their functionality."""
    rows = list(read_csv(root / "hatecheck" / "test_suite_cases.csv"))
    return EvalSet("hatecheck", [r["test_case"] for r in rows],
                   {"hateful": np.array([r["label_gold"] == "hateful" for r in rows], dtype=int)},
                   {"functionality": [r["functionality"] for r in rows]})


def sfu(root: Path) -> EvalSet:
    """SFU CTC Globe and Mail comments: toxic means the crowd's top answer was 3 or 4 of 4."""
    rows = list(read_csv(root / "sfu_constructiveness_toxicity_ctc" / "SFU_constructiveness_toxicity.csv"))
    level = np.array([int(float(r["is_toxic_popular_answer_1"])) for r in rows])
    return EvalSet("sfu", [r["comment"] for r in rows], {"toxic": (level >= 3).astype(int), "not_toxic": (level == 1).astype(int)})


def all_sets(root: Path) -> list[EvalSet]:
    """Every evaluation-only set, in report order."""
    return [wikipedia(root, False), wikipedia(root, True), gab_test(root), olid_test(root),
            hatecheck(root), sfu(root), madlibs(root)]


def seed_page_comments(shared: Path) -> tuple[str, list[str]] | None:
    """Split the seed page into (article text, numbered comments), or None if it is absent."""
    path = shared / SEED_PAGE
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    marker = re.search(r"^\s*1\.\s", text, flags=re.MULTILINE)
    if marker is None:
        return text, []
    article, tail = text[:marker.start()], text[marker.start():]
    parts = re.split(r"^\s*\d+\.\s+", tail, flags=re.MULTILINE)
    return article, [" ".join(p.split()) for p in parts if p.strip()]


def banned_texts(root: Path) -> set[str]:
    """Return the normalized texts of every evaluation-only set, to keep them out of training."""
    from models.text_normalization import normalize

    texts: set[str] = set()
    for evaluation in all_sets(root):
        texts.update(normalize(text) for text in evaluation.texts)
    page = seed_page_comments(root.parent)
    if page is not None:
        texts.update(normalize(comment) for comment in page[1])
    texts.discard("")
    return texts
