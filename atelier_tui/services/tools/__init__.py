"""Tools: reading them for the screens, and what people do with one (check out, check in, out of service and back)."""
