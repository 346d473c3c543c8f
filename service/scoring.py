# TEMPORARY LOCAL STUB (not committed): replaced by the classifier's scoring.py on merge.
from pathlib import Path
LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
class Scorer:
    version = "stub-1"
    labels = LABELS
    thresholds = {l: {"review": 0.5, "reject": 0.9} for l in LABELS}
    @classmethod
    def load(cls, path):
        if not Path(path).is_file():
            from models.bundle import BundleError
            raise BundleError(f"model artifact not found: {path}")
        return cls()
    def score(self, texts):
        out = []
        for t in texts:
            bad = any(w in t.lower() for w in ("shoot", "bullet", "idiot"))
            out.append({l: (0.7 if bad and l in ("threat", "insult") else 0.01) for l in LABELS})
        return out
    def score_one(self, text):
        return self.score([text])[0]
