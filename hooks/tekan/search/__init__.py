"""Chinese search: word segmentation, search records, the Pagefind index."""
