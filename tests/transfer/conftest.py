"""Shared setup for the transfer tests: the sample exports shipped in examples/transfer/ (the
README's commands use the same files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from thoughtful.transfer.models import SourceRef

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "transfer"
WORDPRESS = SAMPLES / "wordpress-sample.xml"
DISQUS = SAMPLES / "disqus-sample.xml"
UPLOADS = SAMPLES / "uploads"


def run(*args: str) -> str:
    """Run a management command; its printed report."""
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def wordpress_imported(db: None) -> str:
    report = run("import_wordpress", str(WORDPRESS), "--media-dir", str(UPLOADS))
    assert SourceRef.objects.filter(kind=SourceRef.Kind.ESSAY).count() == 3
    return report
