"""Kader in de praktijk: toezichtkaders en rapporten als gekoppelde pagina's.

The pipeline (``generator.pipeline``) is pure Python and knows nothing of
MkDocs; ``generator.plugin`` adapts it to MkDocs, ``generator.cli`` to the
command line.
"""

__version__ = "0.1.0"
