"""Fuzzing the text loader and the pipeline.

    python pipelines/fuzz.py --seconds 300            # atheris (pip install .[fuzz])
    python pipelines/fuzz.py --seconds 300 --engine hypothesis   # no atheris needed

Each input is bytes.  They go through ``articles.decode`` (text or a
DecodeError, nothing else), then, when they are text, through the
pipeline whole and in parts (as a long article is), and through the
``.jsonl`` line parser.  A failure is any other exception, a record that
does not validate against the text (``validate_record(rec, text)``), an
offset that does not match, a record that cannot be written as one JSON
line, output that differs on a second run, or an article's parts that do
not add up.  With atheris a failing input is saved as
``<artifacts>/crash-<sha1>`` (replay: ``python pipelines/fuzz.py FILE``).

The seeds are the articles of data/raw (as UTF-8, UTF-8 with a BOM and
CRLF, UTF-16) and a few broken files; atheris mutates them, guided by the
coverage of the project's code; the hypothesis engine also builds large
inputs of repeated pieces (hostile structure: many counts in one sentence,
one document mentioned over and over).  Inputs go up to ``--max-len`` (256 kB)
and each has a time budget (``--input-seconds``, 20 s): an input that takes
longer fails the run, so super-linear paths are found, not just crashes.
Exit status 0: no failure found.
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
MAX_LEN = 262_144          # inputs up to 256 kB: large enough for super-linear paths to show
INPUT_SECONDS = 20.0       # a single input taking longer fails the run


class TooSlow(AssertionError):
    """An input took longer than the per-input time budget."""


def _imports(instrument: bool):
    if instrument:
        import atheris

        with atheris.instrument_imports(include=["extractor"]):
            import extractor.articles  # noqa: F401
            import extractor.engines.local  # noqa: F401
            import extractor.pipeline  # noqa: F401
            import extractor.records  # noqa: F401  (instrumented for coverage)
    from extractor import articles
    from extractor.engines import local
    from extractor.jsonl import record_line
    from extractor.pipeline import Extractor
    from extractor.schema import validate_record

    return articles, local, record_line, Extractor, validate_record


class Checks:
    """The properties every input must keep."""

    def __init__(self, instrument: bool = False, input_seconds: float = INPUT_SECONDS):
        (self.articles, self.local, self.record_line, Extractor,
         self.validate_record) = _imports(instrument)
        # no per-article limit inside: the harness's own budget is the check
        self.extractor = Extractor(time_limit=None)
        self.inputs = 0
        self.input_seconds = input_seconds
        self.slowest = (0.0, 0)

    def __call__(self, data: bytes) -> None:
        t0 = time.perf_counter()
        self._check(data)
        spent = time.perf_counter() - t0
        if spent > self.slowest[0]:
            self.slowest = (spent, len(data))
        if self.input_seconds and spent > self.input_seconds:
            raise TooSlow(f"one input of {len(data)} bytes took {spent:.1f} s "
                          f"(budget {self.input_seconds:g} s per input)")

    def _check(self, data: bytes) -> None:
        self.inputs += 1
        articles = self.articles
        try:
            text = articles.decode(data)
        except articles.DecodeError as e:
            assert e.offset is None or 0 <= e.offset <= len(data), e.offset
            text = None
        if text is not None:
            self.check_text(text, determinism=self.inputs % 8 == 0)
            if len(text) > 60:
                self.check_parts(text, 16 + data[0] % 200)
        self.check_jsonl(data)

    def check_text(self, text: str, determinism: bool) -> list[str]:
        result = self.extractor.extract(self.articles.Article("fuzz", text))
        assert not result.errors, [str(e) for e in result.errors]
        lines = []
        last = (-1, -1)
        for rec in result.records:
            self.validate_record(rec, text)
            assert text[rec.start_char:rec.end_char] == rec.text
            assert (rec.start_char, rec.end_char) >= last, "records out of order"
            last = (rec.start_char, rec.end_char)
            line = self.record_line(rec)
            assert line.endswith("\n") and "\n" not in line[:-1]
            json.loads(line)
            lines.append(line)
        if determinism:
            again = [self.record_line(r) for r in self.extractor.extract(self.articles.Article("fuzz", text)).records]
            assert again == lines, "not deterministic"
        return lines

    def check_parts(self, text: str, size: int) -> None:
        local = self.local
        bounds = local.split_text(text, size)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
        assert all(0 < e - s <= size for s, e in bounds)
        out = next(local._merge(local.work(t) for t in local.tasks_of(self.articles.Article("fuzz", text), size)))
        assert not out.errors, out.errors
        for line in out.lines:
            self.validate_record(json.loads(line), text)

    def check_jsonl(self, data: bytes) -> None:
        articles = self.articles
        seen: dict = {}
        for lineno, offset, raw in articles._jsonl_lines(io.BytesIO(data), 4096):
            if isinstance(raw, articles.DecodeError) or not raw.strip():
                continue
            item = articles._jsonl_article(Path("fuzz.jsonl"), lineno, offset, raw, seen)
            assert isinstance(item, (articles.Article, articles.LoadError))
            if isinstance(item, articles.LoadError):
                assert item.line == lineno
                json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
            else:
                item.text.encode("utf-8")
                item.doc_id.encode("utf-8")


def seeds() -> list[bytes]:
    out = []
    for p in sorted(RAW.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        head = text[:4000]
        out += [head.encode(), codecs.BOM_UTF8 + head.replace("\n", "\r\n").encode(),
                codecs.BOM_UTF16_LE + head[:1500].encode("utf-16-le"),
                json.dumps({"doc_id": p.stem, "text": head[:2000]}).encode() + b"\n"]
    out += [b"", "Thành: 12 cán".encode("latin-1"), b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n",
            b'{"doc_id": 1, "text": "Resolution No. 04-NQ/TU dated May 31, 2021"}\n{"bad',
            "Ngày 31/5/2021, 2.580 cán bộ (96,15%) theo Nghị quyết số 04-NQ/TU".encode()]
    return out


def run_atheris(seconds: int, corpus: Optional[str], artifacts: str, replay: list[str],
                max_len: int = MAX_LEN, input_seconds: float = INPUT_SECONDS) -> int:
    import atheris

    checks = Checks(instrument=True, input_seconds=input_seconds)

    def one_input(data: bytes) -> None:
        checks(data)

    args = [sys.argv[0]]
    if replay:
        args += replay
    else:
        corpus_dir = Path(corpus) if corpus else Path(tempfile.mkdtemp(prefix="extractor-fuzz-"))
        corpus_dir.mkdir(parents=True, exist_ok=True)
        for s in seeds():
            (corpus_dir / hashlib.sha1(s).hexdigest()).write_bytes(s)
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        args += [str(corpus_dir), f"-max_total_time={seconds}", f"-max_len={max_len}",
                 f"-artifact_prefix={Path(artifacts).resolve()}/",
                 f"-timeout={max(1, int(input_seconds * 1.5))}",
                 "-rss_limit_mb=4096", "-print_final_stats=1"]
        print(f"fuzz: atheris for {seconds} s; corpus {corpus_dir}; failures to {artifacts}/",
              file=sys.stderr)
    atheris.Setup(args, one_input)
    atheris.Fuzz()  # exits the process: libFuzzer's status (0: nothing found)
    return 0


def run_hypothesis(seconds: int, max_len: int = MAX_LEN, input_seconds: float = INPUT_SECONDS) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    checks = Checks(input_seconds=input_seconds)
    pieces = [s for s in seeds()] + [t.encode() for t in (
        "Resolution No. 04-NQ/TU", "May 31, 2021", "2,580 cadres", "12/13", "94.92%", "over 90%",
        "\r\n", "\n\n", "\u00a0", "\u200b", "\ufeff", "e\u0301", "from 2021 to present", "1,004 out of 1,007")]
    chunks = st.one_of(st.sampled_from(pieces).flatmap(
        lambda s: st.tuples(st.integers(0, len(s)), st.integers(0, len(s))).map(lambda ab: s[min(ab):max(ab)])),
        st.binary(max_size=40), st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")))
    repeated = st.tuples(st.lists(chunks, min_size=1, max_size=4).map(b"".join),
                         st.integers(1, max_len // 64)).map(lambda t: (t[0] * t[1])[:max_len])
    data_st = st.one_of(st.binary(max_size=2000), st.lists(chunks, max_size=30).map(b"".join), repeated)

    @settings(max_examples=100, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(data_st)
    def prop(data):
        checks(data)

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        prop()
        rounds += 1
    print(f"fuzz: hypothesis, {seconds} s, {checks.inputs} inputs ({rounds} rounds), no failure; "
          f"slowest input {checks.slowest[0]:.2f} s ({checks.slowest[1]} bytes; budget {input_seconds:g} s)",
          file=sys.stderr)
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=300, help="how long to fuzz (default 300)")
    ap.add_argument("--engine", choices=["atheris", "hypothesis", "auto"], default="auto",
                    help="auto: atheris when it is installed")
    ap.add_argument("--corpus", default=None, help="atheris: keep the corpus in this directory")
    ap.add_argument("--artifacts", default="fuzz-artifacts", help="atheris: where failing inputs go")
    ap.add_argument("--max-len", type=int, default=MAX_LEN,
                    help=f"largest input in bytes (default {MAX_LEN})")
    ap.add_argument("--input-seconds", type=float, default=INPUT_SECONDS,
                    help=f"a single input taking longer fails the run (default {INPUT_SECONDS:g}; 0: none)")
    ap.add_argument("replay", nargs="*", help="atheris: run these input files once")
    args = ap.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if engine == "atheris":
        return run_atheris(args.seconds, args.corpus, args.artifacts, args.replay, args.max_len,
                           args.input_seconds)
    return run_hypothesis(args.seconds, args.max_len, args.input_seconds)


if __name__ == "__main__":
    sys.exit(main())
