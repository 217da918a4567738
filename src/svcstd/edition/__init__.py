"""The edition cycle: what is due for review, cutting an edition, and per-team digests."""
