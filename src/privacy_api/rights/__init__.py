"""Carrying out the rights of policy §3 here and in every system holding a copy (Art. 19)."""
