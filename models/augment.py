"""Counterfactual identity swaps: copies of training rows with one identity term replaced.

In the public data "gay", "muslim" or "jew" appear mostly in hateful rows, so a bag-of-words
model learns the word itself as toxic. A copy of each such row with the identity swapped for
another keeps its labels (an insult stays an insult whoever it targets) but spreads every
identity term evenly over toxic and clean text (counterfactual data augmentation, as in Dixon
et al. 2018 and Park et al. 2018).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from models.datasets import Example

# Interchangeable identity words: (singular/adjective, plural noun).
IDENTITIES = (
    ("muslim", "muslims"), ("jewish", "jews"), ("christian", "christians"), ("hindu", "hindus"),
    ("buddhist", "buddhists"), ("catholic", "catholics"), ("sikh", "sikhs"), ("gay", "gays"),
    ("lesbian", "lesbians"), ("bisexual", "bisexuals"), ("transgender", "transgender people"),
    ("black", "blacks"), ("white", "whites"), ("asian", "asians"), ("african", "africans"),
    ("hispanic", "hispanics"), ("latino", "latinos"), ("mexican", "mexicans"), ("arab", "arabs"),
    ("chinese", "chinese"), ("indian", "indians"), ("european", "europeans"), ("american", "americans"),
    ("immigrant", "immigrants"), ("female", "females"), ("male", "males"), ("deaf", "deaf people"),
    ("blind", "blind people"), ("elderly", "elderly people"), ("young", "young people"),
    # Rare in the public data and there mostly as slurs ("queer" is toxic in 9 of 10 training rows):
    # swaps into them from every other identity's rows are what teach the word itself is neutral.
    ("queer", "queer people"), ("homosexual", "homosexuals"), ("trans", "trans people"),
    ("lgbt", "lgbt people"), ("lgbtq", "lgbtq people"), ("nonbinary", "nonbinary people"),
    ("heterosexual", "heterosexuals"), ("protestant", "protestants"), ("taoist", "taoists"),
    ("latina", "latinas"), ("japanese", "japanese"), ("canadian", "canadians"),
)
_FORMS = {form: (i, plural) for i, pair in enumerate(IDENTITIES) for plural, form in enumerate(pair)}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _FORMS), key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _swap(text: str, rng: random.Random) -> str | None:
    matches = list(_PATTERN.finditer(text))
    if not matches:
        return None
    match = rng.choice(matches)
    index, plural = _FORMS[match.group().lower()]
    other = rng.choice([i for i in range(len(IDENTITIES)) if i != index])
    word = IDENTITIES[other][plural]
    if match.group()[0].isupper():
        word = word[0].upper() + word[1:]
    return text[:match.start()] + word + text[match.end():]


def identity_swaps(examples: Iterable[Example], seed: int, weight: float = 0.5) -> Iterator[Example]:
    """Yield one swapped copy (at `weight` times the original's weight) per row naming an identity."""
    rng = random.Random(seed)
    for example in examples:
        swapped = _swap(example.text, rng)
        if swapped is not None:
            yield replace(example, text=swapped, weight=example.weight * weight, source=example.source + "+swap")
