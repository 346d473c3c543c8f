"""Other services' wire formats Parley speaks: Perspective, OpenAI moderation, Coral Talk, vendor label names."""
