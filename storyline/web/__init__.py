"""The HTTP API and web UI: a thin shell over the Python API, built by :func:`create_app`.

Routes only call the Python API; every HTML page has a JSON twin (see ``/docs``).
"""

from __future__ import annotations

from storyline.web.app import create_app, run

__all__ = ["create_app", "run"]
