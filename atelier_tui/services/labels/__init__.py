"""Labels: what is printed on the label of a tool, a lot, a bench or a store location, and the
audit of who printed which labels.

- contents: the texts and the key a label carries, read for the objects named (one refusal naming
  the first unknown key), and every tool of a bench.
- printed: the audit event of a printing, and the permission it needs.
- scanned: the object a scanned key names (the workstation's scanner opens it).
"""
