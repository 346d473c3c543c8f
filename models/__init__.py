"""Parley's classifier: training, evaluation and the model bundle format."""
