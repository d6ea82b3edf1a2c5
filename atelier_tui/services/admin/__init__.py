"""What only an admin does to the database as a whole.

- backup: backing it up and copying it into another database (the store copies; this says who
  acts on a database file and checks who may).
- restore: restoring a backup (the store copies the file; this checks who may and records it).
"""
