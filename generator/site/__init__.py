"""Turn generated pages into a site: write them, check published URLs, run the engine."""
