"""The bottom layer: errors and diagnostics, size limits, the inputs registry, the located YAML
tree and text rules. Imports nothing else of the package."""
