"""File formats and interchange; every function that writes a file writes it atomically."""
