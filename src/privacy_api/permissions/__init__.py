"""May this activity process this person's data now? The legal basis and the rights, asked."""
