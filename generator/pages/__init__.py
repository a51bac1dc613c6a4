"""Render the Markdown pages: the Jinja environment, the filters and one module per page kind."""
