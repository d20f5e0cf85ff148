"""Reading the content repository: files (snapshot), YAML with positions, schema, loader, Markdown helpers."""
