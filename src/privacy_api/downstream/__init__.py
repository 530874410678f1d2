"""Downstream systems: who hears of a subject's rights, and the orders and notices they are sent."""
