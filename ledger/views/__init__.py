"""Pages of the books: a member's own balance, and the treasurer's work."""
