"""What a caller's own API key may do (keys themselves are managed from the CLI)."""
