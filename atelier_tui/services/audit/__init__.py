"""The audit trail: every change is recorded in the caller's transaction and sealed into the hash chain."""
