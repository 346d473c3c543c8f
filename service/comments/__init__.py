"""Comments coming in: score, decide and store each one atomically; the comment store."""
