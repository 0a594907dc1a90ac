"""Channel senders: SMTP email, SMS through an HTTP gateway, signed webhooks."""
