"""A local web page over the library: ``spbe-xl serve`` (``pip install 'spbe-xl[web]'``).

Upload workbooks, see each instansi's index, chart, findings and agency rollup, download the
follow-up workbook and the tidy tables, write a blank template.  The page calls the batch
engine, the readers, rules and writers; it computes nothing itself.  Every script, style and
font is served by the package: the page works offline.
"""

from __future__ import annotations

from spbe_xl.web.app import allowed_hosts, create_app, is_loopback
from spbe_xl.web.jobs import Limits

__all__ = ["Limits", "allowed_hosts", "create_app", "is_loopback", "serve"]


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    limits: Limits | None = None,
    open_browser: bool = False,
) -> None:
    """Serve the page on ``host``:``port`` until interrupted; ``open_browser`` opens it."""
    import threading
    import webbrowser

    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(
        create_app(limits, host=host),
        host=host,
        port=port,
        log_level="warning",
        # the uploads are bounded by the app's limits; no proxy headers are trusted
        proxy_headers=False,
        server_header=False,
    )
