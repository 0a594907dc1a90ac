"""Pure domain of the reviews service: contracts, their reviews and compliance link, and the registers."""
