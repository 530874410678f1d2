"""Rights requests (DSAR): received, verified, tracked to their Art. 12(3) deadline."""
