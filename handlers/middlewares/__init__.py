"""Per-update plumbing, one middleware per module."""
