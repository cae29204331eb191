"""Use cases: load, apply the domain, save and stage the events, in the caller's transaction."""
