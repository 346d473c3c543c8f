"""Which language a comment is in, so that text Parley cannot read is never judged as English.

Parley's classifier reads English only. py3langid (a naive Bayes model over byte n-grams that
ships inside its wheel; nothing is fetched at run time) names the language; a guess counts
only when it is confident, and text too short to tell, emoji, or links alone is undetermined
("und") and judged as English, as before. The rule (MIN_LETTERS, MIN_CONFIDENCE, CANDIDATES)
was chosen on training-side data only; bench/language_bench.py measures it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any, Mapping

from service.config import ConfigError
from service.scoring.policy import Decision, Verdict

SUPPORTED = ("en",)
UNDETERMINED = "und"
REASON = "unsupported_language"
# The languages a guess may name: widely written ones. Leaving out the model's smallest
# classes (Nigerian Pidgin, "no linguistic content", ...) keeps short English from landing there.
CANDIDATES = tuple("""af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gl gu he hi
hr hu hy id is it ja ka kk km kn ko lt lv mk ml mn mr ms my ne nl no pa pl ps pt ro ru si sk sl
sq sr sv sw ta te th tl tr uk ur uz vi zh""".split())
MIN_LETTERS = 8          # fewer letters than this (after links and @names) cannot be told apart
MIN_CONFIDENCE = 0.5     # the top language's probability among CANDIDATES
MAX_CHARS = 2000         # the opening of a long comment tells its language as well as all of it
# Where an unreadable comment goes when no site setting says otherwise.
DEFAULT_ACTION = Decision.REVIEW
# Its place in the review queue: Parley cannot say how risky it is, so the middle.
UNREAD_PRIORITY = 0.5
_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+")


@dataclass(frozen=True)
class Detection:
    """A comment's language (ISO 639-1, or "und") and how sure the detector was."""

    language: str
    confidence: float

    @property
    def readable(self) -> bool:
        """True when Parley can judge the text: English, or too little to tell."""
        return self.language in SUPPORTED or self.language == UNDETERMINED


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model limited to CANDIDATES, loaded once per process (about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def load() -> None:
    """Load the model now (before gunicorn forks), not on the first comment."""
    _identifier()


def detect(text: str) -> Detection:
    """The language of `text`, or "und" when it is too short or the guess is not confident."""
    words = _NOT_WORDS.sub(" ", text[:MAX_CHARS])
    if sum(1 for char in words if char.isalpha()) < MIN_LETTERS:
        return Detection(UNDETERMINED, 0.0)
    language, confidence = _identifier().classify(words)
    if confidence < MIN_CONFIDENCE:
        return Detection(UNDETERMINED, round(confidence, 3))
    return Detection(language, round(confidence, 3))


class LanguagePolicy:
    """What happens to a comment Parley cannot read: review (the default), publish or reject.

    Configured like thresholds: {"default": action, "sites": {site: action}}, or one action.
    """

    ACTIONS = {"review": Decision.REVIEW, "publish": Decision.PUBLISH, "reject": Decision.REJECT}

    def __init__(self, setting: Mapping[str, Any] | str | None = None):
        setting = {"default": setting} if isinstance(setting, str) else dict(setting or {})
        self.default = self._action(setting.get("default"), "default") or DEFAULT_ACTION
        self.sites = {str(site): self._action(action, f"sites.{site}")
                      for site, action in (setting.get("sites") or {}).items()}

    @classmethod
    def from_setting(cls, setting: Mapping[str, Any]) -> "LanguagePolicy":
        """The policy PARLEY_UNSUPPORTED_LANGUAGE describes; a bad value stops start-up."""
        try:
            return cls(setting)
        except (ValueError, AttributeError) as exc:
            raise ConfigError(f"PARLEY_UNSUPPORTED_LANGUAGE: {exc}") from exc

    @classmethod
    def _action(cls, value: Any, where: str) -> Decision | None:
        if value is None:
            return None
        if not isinstance(value, str) or value.strip().lower() not in cls.ACTIONS:
            raise ValueError(f"{where}: an unsupported-language action is review, publish or reject")
        return cls.ACTIONS[value.strip().lower()]

    def action_for(self, site: str | None) -> Decision:
        """The action for one site (the default for an unknown or absent site)."""
        return self.sites.get(site or "") or self.default

    def judge(self, verdict: Verdict, text: str, site: str = "") -> tuple[Verdict, Detection]:
        """The verdict for `text` once its language is known, and that language."""
        detection = detect(text)
        return hold_unreadable(verdict, detection, self.action_for(site)), detection


def hold_unreadable(verdict: Verdict, detection: Detection, action: Decision) -> Verdict:
    """The verdict on text Parley cannot read: the site's action, or the verdict if stricter.

    The scores of unreadable text say little, but what the model or a word list did find still
    counts; `unsupported_language` joins the reasons of any comment held or rejected.
    """
    if detection.readable:
        return verdict
    decision = max(action, verdict.decision, key=_SEVERITY.index)
    if decision is Decision.PUBLISH:
        return verdict
    priority = max(verdict.priority, UNREAD_PRIORITY)
    return replace(verdict, decision=decision, reasons=(*verdict.reasons, REASON), priority=priority)


_SEVERITY = (Decision.PUBLISH, Decision.REVIEW, Decision.REJECT)
