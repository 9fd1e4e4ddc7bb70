"""A network of organisations on one PostgreSQL database (docs/network.md): each keeps its own home (schema,
profile, rules) and names its parent; matters are handed down, figures reported up, one tick runs them all."""
