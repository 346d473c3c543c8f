"""Read each training dataset in ../shared/data and map its labels onto Parley's seven.

Every loader yields `Example`s whose `labels` hold only what that dataset actually tells us:
a label left out is unknown for that row and is masked out of that label's fit, rather than
guessed as 0. Soft values in (0, 1) are the share of annotators who said yes. The mapping is
documented per dataset in models/DATA.md; keep the two in step.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.bundle import LABELS
from models.text_normalization import normalize

ALL_ZERO = dict.fromkeys(LABELS, 0.0)
SEED_DIR = Path(__file__).resolve().parent.parent / "seeds" / "training"


@dataclass
class Example:
    """One labelled text; `group` keeps related rows (a thread, a post) in the same split."""

    text: str
    labels: dict[str, float]
    source: str
    weight: float = 1.0
    group: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def data_dir(repo_root: str | Path | None = None) -> Path:
    """Return the shared data folder: $PARLEY_DATA_DIR, else ../shared/data beside the repo."""
    if os.environ.get("PARLEY_DATA_DIR"):
        return Path(os.environ["PARLEY_DATA_DIR"])
    root = Path(repo_root) if repo_root else Path(__file__).resolve().parent.parent
    return root.parent / "shared" / "data"


def read_csv(path: Path, **kwargs: object) -> Iterator[dict[str, str]]:
    """Yield the rows of a CSV/TSV file as dicts (kwargs go to csv.DictReader)."""
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, **kwargs)  # type: ignore[arg-type]


# Swear words (not slurs): a row containing one is obscene unless its source calls it clean.
# Most sources only say "offensive", and Civil Comments raters usually marked a swear-laden
# insult as Insult rather than Profane, which would teach that "fucking" is not obscene.
_SWEARS = re.compile(r"\b(?:fuck\w*|motherfuck\w*|shit\w*|bullshit|bitch\w*|cunts?|dick(?:head)?s?|cocks?|"
                     r"cocksucker\w*|puss(?:y|ies)|assholes?|arseholes?|bastards?|whores?|sluts?|twats?|wankers?|"
                     r"piss(?:ed)?|jackass|dumbass)\b")


def mark_obscene(example: Example) -> Example:
    """Raise `obscene` to 1 by the swear-word rule, except on rows annotated as not toxic."""
    if example.labels.get("toxicity", 1.0) > 0 and _SWEARS.search(normalize(example.text)):
        example.labels["obscene"] = 1.0
    return example


def _toxic(**known: float) -> dict[str, float]:
    return {"toxicity": 1.0, **known}


def davidson(root: Path) -> Iterator[Example]:
    """Tweets: hate -> identity attack; offensive -> obscene (mostly profanity and slurs)."""
    for row in read_csv(root / "davidson_hate_offensive" / "labeled_data.csv"):
        cls = int(row["class"])
        if cls == 0:
            labels = _toxic(identity_attack=1.0)
        elif cls == 1:
            labels = _toxic(obscene=1.0, identity_attack=0.0, threat=0.0, incitement=0.0)
        else:
            labels = dict(ALL_ZERO)
        yield Example(row["tweet"], labels, "davidson", weight=0.5)


def olid(root: Path) -> Iterator[Example]:
    """OLID training split: OFF/TIN -> insult, OFF/UNT -> untargeted profanity (obscene)."""
    path = root / "olid_offenseval2019" / "olid-training-v1.0.tsv"
    for row in read_csv(path, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["subtask_a"] == "NOT":
            labels = dict(ALL_ZERO)
        elif row["subtask_b"] == "UNT":
            labels = _toxic(obscene=1.0, insult=0.0, identity_attack=0.0, threat=0.0, incitement=0.0)
        else:
            labels = _toxic(insult=1.0)
        yield Example(row["tweet"], labels, "olid")


def gab(root: Path) -> Iterator[Example]:
    """GHC training split: hd -> identity attack, cv -> incitement, vo -> insult."""
    for row in read_csv(root / "gab_hate_corpus" / "ghc_train.tsv", delimiter="\t"):
        hd, cv, vo = (int(row[k]) for k in ("hd", "cv", "vo"))
        if not (hd or cv or vo):
            labels = dict(ALL_ZERO)
        else:
            labels = _toxic(identity_attack=float(hd), incitement=float(cv), insult=float(vo))
            if cv:
                labels["severe_toxicity"] = 1.0
        yield Example(row["text"], labels, "gab")


def latent_hatred(root: Path) -> Iterator[Example]:
    """Latent Hatred: implicit/explicit hate -> identity attack; stage-2 classes refine threat.

    Its "incitement" class includes promoting hate groups, not only violence, so it counts as a
    weak, soft incitement positive; "threatening" is a soft threat positive.
    """
    folder = root / "implicit_hate_latent_hatred"
    implicit = {row["post"]: row["implicit_class"]
                for row in read_csv(folder / "implicit_hate_v1_stg2_posts.tsv", delimiter="\t")}
    for row in read_csv(folder / "implicit_hate_v1_stg1_posts.tsv", delimiter="\t"):
        post, cls = row["post"], row["class"]
        if cls == "not_hate":
            labels = dict(ALL_ZERO)
        elif cls == "explicit_hate":
            labels = _toxic(identity_attack=1.0)
        else:
            labels = {"toxicity": 0.5, "identity_attack": 1.0}
            kind = implicit.get(post, "")
            labels["incitement"] = 0.35 if kind == "incitement" else 0.0
            labels["threat"] = 0.5 if kind == "threatening" else 0.0
        yield Example(post, labels, "latent_hatred", meta={"class": cls, "implicit": implicit.get(post, "")})


def civil_spans(root: Path) -> Iterator[Example]:
    """Civil Comments toxic-spans posts: span types give soft insult/obscene/identity/threat."""
    folder = root / "civil_comments_toxic_spans"
    raters: dict[str, list[str]] = defaultdict(list)
    not_toxic: dict[str, int] = defaultdict(int)
    for row in read_csv(folder / "data__annotations.csv"):
        raters[row["comment_id"]].append(row["annotation"])
        not_toxic[row["comment_id"]] += row["not toxic"] == "True"
    types: dict[str, set[str]] = defaultdict(set)
    for row in read_csv(folder / "data__spans.csv"):
        types[row["annotation"]].add(row["type"][:4])
    kinds = {"insult": "Insu", "obscene": "Prof", "identity_attack": "Iden", "threat": "Thre"}
    for row in read_csv(folder / "data__comments.csv"):
        ids = raters.get(row["comment_id"], [])
        if not ids:
            continue
        share = {label: sum(code in types[a] for a in ids) / len(ids) for label, code in kinds.items()}
        labels = {"toxicity": 1.0 - not_toxic[row["comment_id"]] / len(ids), **share}
        yield Example(row["comment_text"], labels, "civil_spans", weight=2.0, group=row["comment_id"])


def wikipedia_context(root: Path) -> Iterator[Example]:
    """Wikipedia talk comments (CAT): crowd toxicity labels, read without context."""
    folder = root / "wikipedia_toxicity_context_cat"
    for row in read_csv(folder / "gn.csv"):
        yield Example(row["text"], _toxic() if row["label"] == "1" else dict(ALL_ZERO), "wikipedia_cat", weight=2.0)
    for row in read_csv(folder / "cat_small.csv"):
        yield Example(row["text"], _toxic() if row["label_oc"] == "1" else dict(ALL_ZERO), "wikipedia_cat",
                      weight=2.0)


def stormfront(root: Path) -> Iterator[Example]:
    """Stormfront sentences: hate -> identity attack (often coded, so toxicity is soft)."""
    folder = root / "stormfront_hate_speech_degibert2018"
    for row in read_csv(folder / "annotations_metadata.csv"):
        if row["label"] not in ("hate", "noHate"):
            continue
        text = (folder / "all_files" / f"{row['file_id']}.txt").read_text(encoding="utf-8")
        labels = {"toxicity": 0.7, "identity_attack": 1.0} if row["label"] == "hate" else dict(ALL_ZERO)
        yield Example(text, labels, "stormfront", weight=0.5, group=row["file_id"].split("_")[0])


def ethos(root: Path) -> Iterator[Example]:
    """ETHOS: isHate share -> identity attack; its `violence` share -> incitement."""
    folder = root / "ethos"
    violence = {row["comment"]: float(row["violence"])
                for row in read_csv(folder / "Ethos_Dataset_Multi_Label.csv", delimiter=";")}
    for row in read_csv(folder / "Ethos_Dataset_Binary.csv", delimiter=";"):
        hate = float(row["isHate"])
        if hate < 0.2:
            labels = dict(ALL_ZERO)
        else:
            labels = {"toxicity": hate, "identity_attack": hate, "incitement": violence.get(row["comment"], 0.0)}
        yield Example(row["comment"], labels, "ethos")


def fox_news(root: Path) -> Iterator[Example]:
    """Fox News comment threads: hateful -> toxic; `group` is the article, for a thread split."""
    path = root / "fox_news_comments_gao_huang2017" / "fox-news-comments.json"
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)  # user and mentions are personal data: never kept
                labels = _toxic() if row["label"] == 1 else {"toxicity": 0.0, "identity_attack": 0.0,
                                                             "threat": 0.0, "incitement": 0.0}
                yield Example(row["text"], labels, "fox_news", weight=2.0, group=row["title"])


def seeds(folder: Path = SEED_DIR) -> Iterator[Example]:
    """The project's own hand-written examples (seeds/training/*.jsonl), grouped by the frame that wrote them."""
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    yield Example(row["text"], row["labels"], f"seeds:{path.stem}",
                                  weight=float(row.get("weight", 1.0)), group=row.get("frame", ""))


# Source name (as in Example.source) -> (its ../shared/data folder, its loader).
TRAINING_SOURCES = {
    "davidson": ("davidson_hate_offensive", davidson),
    "olid": ("olid_offenseval2019", olid),
    "gab": ("gab_hate_corpus", gab),
    "latent_hatred": ("implicit_hate_latent_hatred", latent_hatred),
    "civil_spans": ("civil_comments_toxic_spans", civil_spans),
    "wikipedia_cat": ("wikipedia_toxicity_context_cat", wikipedia_context),
    "stormfront": ("stormfront_hate_speech_degibert2018", stormfront),
    "ethos": ("ethos", ethos),
    "fox_news": ("fox_news_comments_gao_huang2017", fox_news),
}
