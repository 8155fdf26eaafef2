"""``storyfuse serve``: a local web page and REST API over the brief (FastAPI).

Needs the ``web`` extra (``pip install 'storyfuse[web]'``). Importing this package imports
FastAPI; the CLI turns a missing FastAPI into a one-line install hint.
"""

from __future__ import annotations

from storyfuse.web.app import close_app, create_app
from storyfuse.web.config import WebConfig

__all__ = ["WebConfig", "close_app", "create_app"]
