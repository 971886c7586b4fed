"""Practice conversations: scripted students (YAML in scenarios/), their rules, the checklists."""
