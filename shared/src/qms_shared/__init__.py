"""What the four QMS services share: messaging, HTTP plumbing, auth, config. Never models."""
