"""Everything that speaks a foreign format: Stripe's API, pain.008 files, the banks' CAMT.053 and MT940."""
