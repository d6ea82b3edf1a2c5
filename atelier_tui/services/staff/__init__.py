"""The workshop's people: who is at the keyboard (identity), registering and removing people, and their SSH keys."""
