"""Tools.

- queries: reading tools for the screens.
- actions: what people do with a tool (check out, check in, out of service and back).
"""
