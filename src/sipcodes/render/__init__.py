"""Renderings of catalog entries: plain or coloured text for terminals, Markdown, JSON.

All text renderings come from one layout (`layout.entry_layout`), so the terminal and Markdown views never
disagree. Import the submodule you need (`render.text`, `render.markdown`, `render.json`): each loads only what
its format needs.
"""
