"""Payment pages: the member's (pay, mandate) and the treasurer's (settings, SEPA, bank, arrears)."""
