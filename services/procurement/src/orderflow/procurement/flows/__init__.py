"""Use cases shared by routes, event handlers and jobs: load, apply the domain, save, publish."""
