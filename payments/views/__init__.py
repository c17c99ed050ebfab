"""Payment pages: the member's (pay, mandate), the treasurer's (settings, SEPA, bank, arrears), the Stripe webhook."""
