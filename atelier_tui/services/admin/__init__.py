"""What only an admin does to the database as a whole.

- restore: restoring a backup (the store copies the file; this checks who may and records it).
"""
