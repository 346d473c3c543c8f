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
)
# Rare in the public data and there mostly as slurs ("queer" is toxic in 9 of 10 training rows):
# every row naming one of IDENTITIES as an adjective ("a gay man", not "gays": that would need
# "queer people") also gets a copy with it swapped for one of these, so they are seen in clean
# rows about as often as in hateful ones.
RARE_IDENTITIES = (
    ("queer", "queer people"), ("homosexual", "homosexuals"), ("trans", "trans people"),
    ("lgbt", "lgbt people"), ("lgbtq", "lgbtq people"), ("nonbinary", "nonbinary people"),
    ("heterosexual", "heterosexuals"), ("protestant", "protestants"), ("taoist", "taoists"),
    ("latina", "latinas"), ("japanese", "japanese"), ("canadian", "canadians"),
)
_FORMS = {form: (i, plural) for i, pair in enumerate(IDENTITIES) for plural, form in enumerate(pair)}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _FORMS), key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _swap(text: str, rng: random.Random, targets: tuple[tuple[str, str], ...] = IDENTITIES,
          singular_only: bool = False) -> str | None:
    matches = [m for m in _PATTERN.finditer(text) if not (singular_only and _FORMS[m.group().lower()][1])]
    if not matches:
        return None
    match = rng.choice(matches)
    index, plural = _FORMS[match.group().lower()]
    other = rng.choice([i for i in range(len(targets)) if targets is not IDENTITIES or i != index])
    word = targets[other][plural]
    if match.group()[0].isupper():
        word = word[0].upper() + word[1:]
    return text[:match.start()] + word + text[match.end():]


def identity_swaps(examples: Iterable[Example], seed: int, weight: float = 0.5) -> Iterator[Example]:
    """Yield, per row naming an identity, a copy swapped to another identity (and one to a rare one).

    Each copy weighs `weight` times the original. The rare-term copies draw from their own
    generator, so the first copies are the same as before RARE_IDENTITIES existed.
    """
    rng, rare_rng = random.Random(seed), random.Random(seed + 1)
    for example in examples:
        swapped = _swap(example.text, rng)
        if swapped is not None:
            yield replace(example, text=swapped, weight=example.weight * weight, source=example.source + "+swap")
            rare = _swap(example.text, rare_rng, RARE_IDENTITIES, singular_only=True)
            if rare is not None:
                yield replace(example, text=rare, weight=example.weight * weight, source=example.source + "+swap")
