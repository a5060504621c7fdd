"""Broken and hostile files (issue 13): a malformed export exits 2 with a message and imports
nothing; a file with a DTD (entity expansion, external entities) is refused before parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from tests.transfer.conftest import DISQUS, WORDPRESS, run
from thoughtful.cli import main
from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _nothing_written() -> bool:
    return not (Essay.objects.exists() or Comment.objects.exists() or User.objects.exists())


def _refused(command: str, path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        run(command, str(path))
    assert caught.value.returncode == 2
    assert _nothing_written()
    return str(caught.value)


def test_a_truncated_export_imports_nothing(tmp_path: Path) -> None:
    # The first two posts are complete; the file breaks after them. Nothing of them is stored:
    # the whole file is read before the first write.
    text = WORDPRESS.read_text(encoding="utf-8")
    cut = text.index("<title>Notes towards")
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:cut] + "<title>Notes & </item>", encoding="utf-8")
    message = _refused("import_wordpress", broken)
    assert "not well-formed XML (line" in message and "Nothing was imported." in message


def test_a_broken_disqus_export_imports_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "disqus.xml"
    broken.write_text('<disqus xmlns="http://disqus.com"><thread>', encoding="utf-8")
    assert "not well-formed XML" in _refused("import_disqus", broken)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE disqus [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<disqus xmlns="http://disqus.com"><thread><title>&secret;</title></thread></disqus>
"""


@pytest.mark.parametrize(
    ("command", "content"),
    [("import_wordpress", BILLION_LAUGHS), ("import_disqus", XXE)],
    ids=["entity-expansion", "external-entity"],
)
def test_dtds_and_entities_are_refused(tmp_path: Path, command: str, content: str) -> None:
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(content, encoding="utf-8")
    message = _refused(command, hostile)
    assert "refused: the file declares a DTD or entities" in message
    assert "root:" not in message  # nothing of /etc/passwd


def test_the_wrong_kind_of_file_is_named(tmp_path: Path) -> None:
    # A Disqus export given to the WordPress importer, and a missing file.
    message = _refused("import_wordpress", DISQUS)
    assert "not a WordPress export (WXR)" in message
    assert "can't open it" in _refused("import_disqus", tmp_path / "missing.xml")


def test_the_console_script_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel>", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["import", "wordpress", str(broken)])
    assert caught.value.code == 2
    assert "not well-formed XML" in capsys.readouterr().err
    assert main(["import", "typepad", str(broken)]) == 2
    assert "unknown source 'typepad'" in capsys.readouterr().err


def test_help_lists_import_and_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "import" in out and "export" in out
