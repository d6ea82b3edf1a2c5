"""The audit trail.

- trail: recording every change in the caller's transaction, sealed into the hash chain; reading
  the trail and checking the chain.
- change_mark: whether anything changed since a screen was loaded (one indexed lookup).
"""
