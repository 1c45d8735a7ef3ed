"""Renderers: Program -> text or rich renderables. They return values; only the CLI writes."""
