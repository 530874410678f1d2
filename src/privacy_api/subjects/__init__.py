"""Data subjects: who the properties hold data about, and the clocks retention runs from."""
