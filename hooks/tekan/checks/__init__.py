"""After the build: the HTML scan, the link check, the _headers file."""
