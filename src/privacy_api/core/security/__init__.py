"""Keys and secrets: API keys and who may call what, CSRF, derived secrets, signed tokens,
what may be fetched or linked."""
