"""Terminal output with rich; nothing here computes probabilities."""
