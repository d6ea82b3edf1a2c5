"""Marks the shipped catalogs as the package `atelier_tui._shipped.catalogs`, so the wheel carries
them (see atelier_tui/_shipped). Only the *.toml files of this folder are read."""
