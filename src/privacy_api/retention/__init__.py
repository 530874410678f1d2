"""The retention engine: the register's periods enforced by themselves, set-based."""
