"""Freshness: review states, PIL-05 today and from git history, digests per owner."""
