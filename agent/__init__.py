"""biaswatch agent runtime."""
