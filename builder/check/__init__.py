"""`kb check`: every rule on the loaded base, findings sorted, cached under .kb/."""
