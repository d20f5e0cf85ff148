"""The generated Markdown pages: articles, trees, indexes, the freshness dashboard and its chart."""
