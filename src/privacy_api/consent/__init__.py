"""Consent (GDPR Art. 7): provable choices per purpose, read on every page view."""
