"""The learning loop: moderators' labels, retraining candidates, the model registry and its watch, threshold advice."""
