"""factsheet: validated YAML claims -> Markdown fact sheets with citations -> a static site."""

__version__ = "0.1.0"
