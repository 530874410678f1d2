"""Messages that leave the service (mail, webhooks): written with the change, sent after it."""
