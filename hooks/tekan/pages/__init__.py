"""Page models built from the data (no MkDocs): the issue, listings, entries, cities, figures, SEO, nav."""
