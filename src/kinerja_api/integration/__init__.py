"""Integration with other systems: service accounts (OAuth2 client credentials with scopes),
feeds for payroll and HR systems, and webhooks."""
