"""`thoughtful score`: score comments from files or standard input, one JSON object per line.

Deliberately free of Django so the command starts fast; it needs only numpy and the shipped
model (thoughtful/scoring/model/).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from thoughtful.scoring.features import MAX_CHARS

BATCH = 512

DESCRIPTION = f"""\
Score comments for toxicity with the shipped model.

Reads one comment per line (or, with --jsonl, one JSON object with a "text" field per line)
from each FILE in turn, or from standard input when no FILE is given, and writes one JSON
object per input line, in input order, to standard output:

  {{"line": 1, "toxicity": 0.02, "insult": 0.01, "threat": 0.0, "identity_attack": 0.01,
   "profanity": 0.0, "attack_on_author": 0.01}}

Every attribute is a calibrated probability in [0, 1]. With several files, "file" is added;
with --jsonl, an "id" field in the input is copied to the output.

Handled and reported on standard error, never fatal: empty lines (all scores 0), lines longer
than {MAX_CHARS} characters (only the first {MAX_CHARS} are scored), invalid UTF-8 (decoded with
U+FFFD replacement characters). An invalid JSON line (or one without a string "text") stops
the command with its file and line number and exit status 1, after the lines before it.
"""


class InputError(Exception):
    pass


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    for raw in stream:
        yield raw.rstrip(b"\n").rstrip(b"\r")


def _texts(
    stream: BinaryIO, name: str, *, jsonl: bool, err: TextIO
) -> Iterator[tuple[int, str, object]]:
    """(line number, text, id) per input line; warnings go to `err`."""
    for lineno, raw in enumerate(_lines(stream), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            print(f"{name}:{lineno}: invalid UTF-8, decoded with replacement characters", file=err)
        ident: object = None
        if jsonl:
            if not line.strip():
                print(f"{name}:{lineno}: empty line, scored as empty text", file=err)
                yield lineno, "", None
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{name}:{lineno}: invalid JSON: {exc.msg}") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise InputError(f'{name}:{lineno}: expected a JSON object with a string "text"')
            line, ident = obj["text"], obj.get("id")
        if not line.strip():
            if not jsonl:
                print(f"{name}:{lineno}: empty line, scored as empty text", file=err)
        elif len(line) > MAX_CHARS:
            print(
                f"{name}:{lineno}: {len(line)} characters, only the first {MAX_CHARS} scored",
                file=err,
            )
            line = line[:MAX_CHARS]
        yield lineno, line, ident


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="thoughtful score",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default: stdin)")
    parser.add_argument(
        "--jsonl", action="store_true", help='input lines are JSON objects with a "text" field'
    )
    args = parser.parse_args(argv)
    return run(args.files, jsonl=args.jsonl, out=sys.stdout, err=sys.stderr)


def run(files: list[str], *, jsonl: bool, out: TextIO, err: TextIO) -> int:
    from thoughtful.scoring.scorer import ModelError, get_scorer

    try:
        scorer = get_scorer()
    except ModelError as exc:
        print(f"thoughtful score: {exc}", file=err)
        return 2
    status = 0
    pending: list[tuple[str, int, str, object]] = []

    def flush() -> None:
        texts = [t for _, _, t, _ in pending]
        nonempty = [i for i, t in enumerate(texts) if t.strip()]
        scores = scorer.score_batch([texts[i] for i in nonempty])
        by_index = dict(zip(nonempty, scores, strict=True))
        zero = dict.fromkeys(scorer.attributes, 0.0)
        for i, (name, lineno, _, ident) in enumerate(pending):
            obj: dict[str, object] = {}
            if len(files) > 1:
                obj["file"] = name
            obj["line"] = lineno
            if ident is not None:
                obj["id"] = ident
            obj.update(by_index.get(i, zero))
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        pending.clear()

    try:
        for name in files or ["-"]:
            label = "<stdin>" if name == "-" else name
            try:
                stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
            except OSError as exc:
                print(f"thoughtful score: cannot read {name}: {exc.strerror}", file=err)
                status = 2
                continue
            try:
                for lineno, text, ident in _texts(stream, label, jsonl=jsonl, err=err):
                    pending.append((label, lineno, text, ident))
                    if len(pending) >= BATCH:
                        flush()
            except InputError as exc:
                flush()
                print(f"thoughtful score: {exc}", file=err)
                return 1
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
        flush()
        out.flush()
    except BrokenPipeError:  # `thoughtful score big.txt | head` is fine
        return status
    except KeyboardInterrupt:
        return 130
    return status
