"""Operations: jobs that run once per interval for the whole deployment, and its status."""
