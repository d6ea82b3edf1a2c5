"""The audit trail.

- trail: recording every change in the caller's transaction, sealed into the hash chain; reading
  the trail and checking the chain.
- entity_names: the catalog's names of what the trail's entries are about, in the interface language.
- change_mark: whether anything changed since a screen was loaded (one indexed lookup).
"""
