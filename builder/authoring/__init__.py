"""Writing content files: `kb new` (scaffolds with the next free id) and `kb review`."""
