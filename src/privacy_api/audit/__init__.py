"""The tamper-evident audit trail: every action on personal data, provable later."""
