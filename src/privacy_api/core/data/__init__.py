"""The database: engines and sessions per request (ORM), and the hot path (hot/)."""
