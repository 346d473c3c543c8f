"""Identity terms, and blinding them to one placeholder word before the text is featurized.

In the public data "gay", "muslim" or "jews" appear mostly in hateful rows, so a bag-of-words
model learns each identity word itself as toxic, and learns it differently per identity: "I am a
gay man" scored higher than "I am a straight man". Counterfactual swaps (copies of rows with the
identity changed) narrowed that gap but could not close it. Replacing every identity term with
the same placeholder, in training and serving alike, closes it by construction for the terms
listed: the heads still learn that naming a group next to "vermin" is an identity attack, but no
longer which group draws the higher score (blindness, in Garg et al. 2019's terms).

The list is ours: the group words of religion, sexual orientation, gender identity, race and
ethnicity, origin, age and disability that comments name. Slurs are not identity terms and are
never blinded, nor is the singular "jew", which in comments is mostly an attributive slur ("jew
jets"). War nationalities ("russians", "ukrainians") are not listed: a news site's comments
argue about them all day. Words whose usual sense is not a group ("old news", "a straight answer",
"the white house", "a blind eye") are blinded only where they qualify people.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PLACEHOLDER = "zqidz"

GROUP_TERMS = (
    # religion
    "muslim", "muslims", "islam", "islamic", "jewish", "jews", "judaism", "christian", "christians",
    "christianity", "catholic", "catholics", "protestant", "protestants", "mormon", "mormons", "hindu",
    "hindus", "hinduism", "buddhist", "buddhists", "buddhism", "sikh", "sikhs", "taoist", "taoists",
    "atheist", "atheists",
    # sexual orientation and gender identity
    "gay", "gays", "lesbian", "lesbians", "bisexual", "bisexuals", "homosexual", "homosexuals",
    "heterosexual", "heterosexuals", "queer", "queers", "lgbt", "lgbtq", "lgbtqia", "trans",
    "transgender", "transgenders", "nonbinary", "non binary", "non-binary", "male", "males", "female",
    "females",
    # race, ethnicity and origin
    "blacks", "whites", "african", "africans", "african american", "african americans", "asian",
    "asians", "european", "europeans", "hispanic", "hispanics", "latino", "latinos", "latina",
    "latinas", "latinx", "mexican", "mexicans", "arab", "arabs", "middle eastern", "middle easterners",
    "chinese", "japanese", "indian", "indians", "native american", "native americans", "american",
    "americans", "canadian", "canadians", "immigrant", "immigrants", "migrant", "migrants", "refugee",
    "refugees",
    # age and disability
    "elderly", "teenage", "teenager", "teenagers", "millennial", "millennials", "millenial",
    "millenials", "middle aged", "middle-aged", "disabled", "paralyzed", "autistic",
)
# Blinded only when a person noun follows ("black people", "an old man").
PERSON_ADJECTIVES = ("black", "white", "old", "older", "young", "younger", "straight", "deaf", "blind")
PERSON_NOUNS = (
    "people", "person", "persons", "folk", "folks", "man", "men", "woman", "women", "guy", "guys",
    "girl", "girls", "boy", "boys", "kid", "kids", "child", "children", "community", "communities",
    "americans", "voters", "lives", "neighbour", "neighbours", "neighbor", "neighbors",
)


def _trie_pattern(terms: Sequence[str]) -> str:
    """Return a regex matching exactly `terms`, factored by shared prefixes.

    `re` tries the branches of a plain alternation one by one at every word start; a prefix
    tree rejects most words on their first letters, which makes blinding about 5x cheaper.
    """
    trie: dict[str, dict] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_TERM = re.compile(r"\b(?:" + _trie_pattern(GROUP_TERMS) + "|" + _trie_pattern(PERSON_ADJECTIVES)
                   + r"(?= " + _trie_pattern(PERSON_NOUNS) + r"\b))\b")


def blind(text: str) -> str:
    """Replace every identity term of normalized (lowercase) `text` with PLACEHOLDER."""
    return _TERM.sub(PLACEHOLDER, text)


def blind_many(texts: Sequence[str]) -> list[str]:
    """Return `[blind(t) for t in texts]`."""
    sub = _TERM.sub
    return [sub(PLACEHOLDER, text) for text in texts]
