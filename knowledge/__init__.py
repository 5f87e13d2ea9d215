"""The plan as validated data, and answering questions about it."""
