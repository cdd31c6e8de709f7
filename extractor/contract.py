"""The record contract's field tables, generated from the pydantic models.

``docs/CONTRACT.md`` describes the contract in words; its field tables
(between the ``<!-- generated -->`` markers) are written by this module from
``extractor.schema``, so they cannot drift from what is validated:

    python -m extractor.contract            # rewrite docs/CONTRACT.md's tables
    python -m extractor.contract --check    # exit 1 when they are stale

A test runs ``--check``.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path
from typing import Any, Optional

from extractor import schema

DOC = Path(__file__).resolve().parent.parent / "docs" / "CONTRACT.md"
BEGIN, END = "<!-- generated: python -m extractor.contract -->", "<!-- end generated -->"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a!r}`".replace("'", '"') for a in args)
    if origin is typing.Union:
        parts = [_type_name(a) for a in args if a is not type(None)]
        name = " \\| ".join(parts)
        return f"{name} or null" if type(None) in args else name
    if origin is typing.Annotated:
        base = args[0]
        return "ISO 8601 partial date (str)" if any(
            getattr(m, "func", None) is schema._check_iso for m in args[1:]) else _type_name(base)
    if origin in (dict, list):
        return f"{origin.__name__}"
    return getattr(annotation, "__name__", str(annotation))


def _constraints(info) -> str:
    out = []
    for m in info.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"), ("min_length", "length >=")):
            v = getattr(m, attr, None)
            if v is not None:
                out.append(f"{sym} {v}")
    return ", ".join(out)


def table(model, skip: tuple[str, ...] = ()) -> str:
    rows = ["| field | type | required | constraints | meaning |", "|---|---|---|---|---|"]
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        required = "yes" if info.is_required() else f"no (default `{info.default!r}`)".replace("'", '"')
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {required} | {_constraints(info)} | "
                    f"{(info.description or '').replace('|', '/')} |")
    return "\n".join(rows)


def generated() -> str:
    common = tuple(schema._Base.model_fields)
    parts = ["### Common fields (every record)", "", table(schema._Base)]
    for rtype, model in schema.MODEL_BY_TYPE.items():
        parts += ["", f"### `{rtype}`", "", table(model, skip=tuple(n for n in common if n != "type"))]
    parts += ["", "### Article metadata and resolved dates (extra fields, written only when known)", "",
              "| field | type | on | meaning |", "|---|---|---|---|"]
    for name, (kind, meaning) in schema.ADDITIVE_FIELDS.items():
        on = ("`date`" if name in ("resolved_value", "resolved_begin", "resolved_end")
              else "`document_ref`" if name == "resolved_issued_on" else "every record")
        t = "ISO 8601 partial date (str)" if kind == "date" else "str"
        parts.append(f"| `{name}` | {t} | {on} | {meaning.replace('|', '/')} |")
    parts += ["", "Issuer names: " + ", ".join(f"`{i}`" for i in schema.ISSUERS) + ".",
              "", "Document types: " + ", ".join(f"`{d}`" for d in schema.DOC_TYPES) + "."]
    return "\n".join(parts)


def render(doc_text: str) -> str:
    head, _, rest = doc_text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{generated()}\n{END}{tail}"


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    current = DOC.read_text(encoding="utf-8")
    new = render(current)
    if "--check" in argv:
        if new != current:
            print(f"{DOC}: the generated field tables are stale; run python -m extractor.contract",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
