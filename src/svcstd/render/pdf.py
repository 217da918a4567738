"""The PDF: WeasyPrint on the handbook HTML, allowed to read nothing but data: URIs."""

from __future__ import annotations

import hashlib
import logging
import warnings
from typing import Any

from svcstd.render.view import Handbook


def _import_weasyprint() -> Any:
    # Without libharfbuzz-subset0 WeasyPrint warns at import that it will need it one day; that
    # is advice for the system's packager, not something a handbook reader can act on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint  # type: ignore[import-untyped]
        import weasyprint.urls  # type: ignore[import-untyped]
    return weasyprint


def data_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher serving data: URIs only: no file://, no network, no redirects."""
    base: type = _import_weasyprint().urls.URLFetcher

    class DataOnlyFetcher(base):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            # Checked here as well as through allowed_protocols: the one rule that keeps a
            # hostile document from reading files or calling hosts while it is laid out.
            if not url.strip().lower().startswith("data:"):
                raise ValueError(f"svcstd does not let the handbook load {url[:80]!r}")
            return super().fetch(url, headers)

    return DataOnlyFetcher(allowed_protocols=("data",), allow_redirects=False)


def html_to_pdf(html: str, handbook: Handbook) -> bytes:
    """Lay out the HTML with its print stylesheet and return the PDF bytes."""
    HTML = _import_weasyprint().HTML
    # A blocked resource is expected (hostile or careless content), not worth a warning on stderr.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, url_fetcher=data_only_fetcher(), base_url="data:,")
    pdf = document.write_pdf(pdf_identifier=_identifier(handbook))
    assert pdf is not None
    return bytes(pdf)


def _identifier(handbook: Handbook) -> bytes:
    # A fixed /ID derived from what the handbook is keeps the same input giving the same bytes.
    seed = f"{handbook.organisation}|{handbook.date_iso}|{handbook.lang}|{handbook.scope}"
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().encode()
