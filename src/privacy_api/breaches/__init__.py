"""The breach register: Art. 33 documentation and notification, Art. 34 notices."""
