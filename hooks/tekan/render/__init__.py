"""What touches MkDocs: generated pages, page shells, serve --dirty."""
