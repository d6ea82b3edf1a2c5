"""Is this bench ready for this repair order: reading what the rules need (requirements, inventory), asking the domain, and turning a NO-GO into a pick list."""
