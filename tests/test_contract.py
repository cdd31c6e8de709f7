"""docs/CONTRACT.md's field tables are those of the models (regenerate with
``python -m extractor.contract``)."""

from extractor import contract


def test_contract_tables_are_current():
    assert contract.main(["--check"]) == 0, "run: python -m extractor.contract"


def test_contract_names_every_type_and_issuer():
    doc = contract.DOC.read_text(encoding="utf-8")
    from extractor.schema import ISSUERS, MODEL_BY_TYPE

    assert all(f"### `{t}`" in doc for t in MODEL_BY_TYPE)
    assert all(i in doc for i in ISSUERS)
