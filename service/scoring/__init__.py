"""Scoring a text: the analyzer over the score cache, the publish/review/reject policy, per-site thresholds."""
