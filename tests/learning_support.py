"""A small synthetic world for the learning-loop tests: public rows and evaluation files.

The public set and the evaluation folder are written in the very formats the classifier's
builder and `models.evaluate` read, so the real evaluation code runs on them, only small.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.bundle import LABELS
from models.corpus import Corpus
from models.datasets import Example
from models.train import train_bundle

SUBJECTS = ["the council", "the budget", "the new bridge", "the school board", "the mayor's plan",
            "the election", "the library", "the tram line", "the harbour", "the festival", "the report"]
VERBS = ["looks", "seems", "sounds", "is", "was", "could be"]
ADJECTIVES = ["sensible", "expensive", "overdue", "interesting", "confusing", "popular", "late",
              "well argued", "a good start", "worth a debate"]
CLEAN_TAILS = ["in my view", "to be honest", "frankly", "if you ask me", "this year", "again", ""]
INSULT_WORDS = ["idiot", "moron", "fool", "clown", "imbecile", "halfwit", "buffoon"]
OBSCENE = ["fucking", "shitty", "damn fucking", "bloody shit"]
GROUPS = ["immigrants", "muslims", "jews", "gays"]
THREATS = ["i will kill you", "i am going to hurt you", "i will find you and beat you"]
INCITE = ["someone should shoot", "go burn the houses of", "hang all"]
IDENTITIES = ["gay", "muslim", "black", "old", "jewish", "young"]
CODED = "glorpnik"


def zero() -> dict[str, float]:
    return dict.fromkeys(LABELS, 0.0)


def clean_text(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(CLEAN_TAILS)}".strip()


def toxic_row(rng: random.Random) -> tuple[str, dict[str, float]]:
    """One toxic text and its labels, of a random kind."""
    kind = rng.choice(["insult", "insult", "obscene", "identity_attack", "threat", "incitement"])
    labels = zero()
    labels["toxicity"] = 1.0
    labels[kind] = 1.0
    if kind == "insult":
        text = f"you are a {rng.choice(INSULT_WORDS)}, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)}"
    elif kind == "obscene":
        text = f"{rng.choice(SUBJECTS)} is {rng.choice(OBSCENE)} nonsense"
    elif kind == "identity_attack":
        text = f"all {rng.choice(GROUPS)} are vermin and filth"
    elif kind == "threat":
        text = f"{rng.choice(THREATS)} {rng.choice(CLEAN_TAILS)}".strip()
        labels["severe_toxicity"] = 1.0
    else:
        text = f"{rng.choice(INCITE)} {rng.choice(GROUPS)}"
        labels["severe_toxicity"] = 1.0
    return text, labels


def rows(rng: random.Random, n: int, source: str = "synthetic") -> list[Example]:
    """`n` rows, about a third toxic."""
    out = []
    for i in range(n):
        if rng.random() < 0.35:
            text, labels = toxic_row(rng)
        else:
            text, labels = clean_text(rng), zero()
        out.append(Example(f"{text} #{i}" if rng.random() < 0.3 else text, labels, source))
    return out


def public_corpus(seed: int = 1, train: int = 700, validation: int = 250) -> Corpus:
    """A small public set: train, validation, and held-out rows shaped like Fox News and Latent Hatred."""
    rng = random.Random(seed)
    heldout = []
    for e in rows(rng, 120):
        heldout.append(Example(e.text, {"toxicity": e.labels["toxicity"]}, "fox_news"))
    for e in rows(rng, 120):
        violent = e.labels["threat"] or e.labels["incitement"]
        cls = "not_hate" if not e.labels["toxicity"] else "implicit_hate"
        heldout.append(Example(e.text, {"identity_attack": e.labels["identity_attack"]}, "latent_hatred",
                               meta={"class": cls, "implicit": "incitement" if violent else ""}))
    return Corpus(rows(rng, train), rows(rng, validation), heldout, {"synthetic": {"rows": train}})


def _write(path: Path, header: list[str], body: list[list[object]], delimiter: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter,
                            quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL, escapechar="\\")
        writer.writerow(header)
        writer.writerows(body)


def write_eval_root(root: Path, seed: int = 2, n: int = 160) -> Path:
    """Write every evaluation-only file `models.eval_sets` reads, small and synthetic."""
    rng = random.Random(seed)
    sample = [(e.text, e.labels) for e in rows(rng, n)]
    wiki = root / "wikipedia_toxicity_conversationai_eval"
    for name in ("toxicity_nonfuzzed_testset.csv", "toxicity_fuzzed_testset.csv"):
        _write(wiki / name, ["comment", "toxic"], [[t.replace("o", "0") if "fuzzed" in name and "nonfuzzed" not in name
                                                    else t, str(bool(l["toxicity"]))] for t, l in sample])
    madlibs = [[f"{who} people are {word}", label] for who in IDENTITIES
               for word, label in (("wonderful", "NOT_BAD"), ("my neighbours", "NOT_BAD"),
                                   ("vermin and filth", "BAD"), ("idiots", "BAD"))]
    _write(wiki / "bias_madlibs_77k.csv", ["Text", "Label"], madlibs)
    _write(root / "gab_hate_corpus" / "ghc_test.tsv", ["text", "hd", "cv"],
           [[t, int(l["identity_attack"] > 0), int(l["incitement"] > 0)] for t, l in sample], delimiter="\t")
    olid = root / "olid_offenseval2019"
    _write(olid / "testset-levela.tsv", ["id", "tweet"], [[i, t] for i, (t, _) in enumerate(sample)], delimiter="\t")
    _write(olid / "labels-levela.csv", ["id", "label"],
           [[i, "OFF" if l["toxicity"] else "NOT"] for i, (_, l) in enumerate(sample)])
    _write(root / "hatecheck" / "test_suite_cases.csv", ["test_case", "label_gold", "functionality"],
           [[t, "hateful" if l["identity_attack"] or l["threat"] else "non-hateful",
             "threat_dir_h" if l["threat"] else "other"] for t, l in sample])
    _write(root / "sfu_constructiveness_toxicity_ctc" / "SFU_constructiveness_toxicity.csv",
           ["comment", "is_toxic_popular_answer_1"], [[t, 4 if l["toxicity"] else 1] for t, l in sample])
    return root


def coded_insult(rng: random.Random) -> str:
    """A comment using the site's new coded insult, in a fresh sentence."""
    return rng.choice([f"you absolute {CODED}", f"what a {CODED} you are", f"typical {CODED} comment",
                       f"only a {CODED} would write this", f"{CODED}s like you ruin everything",
                       f"go away {CODED}"]) + f" about {rng.choice(SUBJECTS)} {rng.choice(CLEAN_TAILS)}".rstrip()


@dataclass
class World:
    """Synthetic public data, evaluation files, and the base model trained on them."""

    public: Corpus
    eval_root: Path
    base: Path


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Train the base model (the "shipped" one of these tests) once per session."""
    root = tmp_path_factory.mktemp("learning")
    public = public_corpus()
    base = root / "shipped" / "parley-model.joblib"
    train_bundle(public.train, base, validation=public.validation)
    return World(public, write_eval_root(root / "data"), base)
