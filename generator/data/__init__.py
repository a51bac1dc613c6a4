"""The data files readers download: JSON, CSV and the Atom feed."""
