"""The workshop's people.

- identity: who is at the keyboard.
- people: registering people and taking them off.
- keys: their SSH public keys.
"""
