"""Walking a resolution tree: the walk, the priority matrix, the ticket's diagnostic, `kb run`."""
