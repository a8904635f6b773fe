"""Social-media monitoring (pengawasan media sosial): account registry, ingest of posts and
interactions, campaign-content detection in Indonesian and the triage queue (issue #17)."""
