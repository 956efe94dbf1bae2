"""Notifications to people: an in-app feed and e-mail, fed from the outbox."""
