"""HTTP plumbing: routing, middleware, problem+json errors, pagination, streaming, the
fast lane, rate limits, idempotency."""
