"""The demo workshop: a plausible workshop generated into an empty, catalogued database through
the same permission table and audit as everyone, and the demo's login gateway.

- generate: `generate_demo`, the sizes and the default seed.
- gateway: the OS account that opens the demo acts for any demo person, in the demo's workshop only.

Modules starting with `_` are the generator's stages and what they share; their fixed vocabulary
(benches, kits, people, watches, jobs, stock, texts) is in data/*.toml.
"""
