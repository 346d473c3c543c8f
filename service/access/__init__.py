"""Who may call what: API keys, route credentials, rate limits."""
