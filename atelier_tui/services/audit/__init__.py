"""The audit trail.

- trail: recording every change in the caller's transaction, sealed into the hash chain; reading
  the trail and checking the chain.
- entity_names: the catalog's names of what the trail's entries are about, in the interface language.
- reasons: why an event happened, in the interface language: as typed, or worded from what the
  workstation stored as data when it acted on its own account.
- change_mark: whether anything changed since a screen was loaded (one indexed lookup).
"""
