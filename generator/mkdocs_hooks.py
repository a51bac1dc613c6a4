# Placeholder so that mkdocs.yml loads; the real hook (re-run the generator before each build,
# make `mkdocs serve` watch content/ and site_templates/) is written separately.
# Keep on_config when replacing this file: without a repository there is nothing to edit, and
# MkDocs warns (fatal under --strict) about every page when edit_uri is set without repo_url.


def on_config(config):
    if not config.repo_url:
        config.edit_uri = None
    return config
