"""Semantic diff: what changed in the meaning of the standards between two revisions or folders."""
