"""The service's one clock (tests move it)."""
