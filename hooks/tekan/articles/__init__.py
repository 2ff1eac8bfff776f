"""Hand-written articles: shortcodes and the gate that keeps their HTML safe."""
