"""Entry points: options, building the graph, the CLI."""
