"""Benchmark of document reading and suggestions (issue 11 §2, §4): accuracy on the labelled corpus
(`bench/suggest_corpus/`, tuning and held-out halves) and timings.

`python -m bench.bench_suggest [--half tuning|heldout|both] [--verbose]`

A document counts for top-1 when the first suggestion is one of the items it truly supports, for top-3
when any of the first three is. Timings: extraction (child process; pdftotext, else pypdf) plus tokenising
(`prepare_query`) of a generated 100-page Thai PDF; building the item index; one document's suggestions
with 500 documents read and kept in memory (the index is over items, so a query reads only its own
document: the other 499 are there to show that nothing in the query path grows with them).
"""

import argparse
import statistics
import time
from pathlib import Path

import yaml

from criteria.fact_vocabulary import load_fact_vocabulary
from criteria.loader import load_version
from evidence.reading.extract import extract
from evidence.reading.passages import Passage
from evidence.reading.suggest import SuggestionIndex, item_docs, prepare_query

CORPUS = Path(__file__).parent / "suggest_corpus"


def load_half(half: str) -> list[dict[str, object]]:
    return yaml.safe_load((CORPUS / f"{half}.yaml").read_text(encoding="utf-8"))["documents"]


def as_passages(text: str) -> tuple[Passage, ...]:
    blocks = [b.strip() for b in text.split("\n") if b.strip()]
    return tuple(Passage(i, None, None, f"ย่อหน้า {i}", b) for i, b in enumerate(blocks, start=1))


def accuracy(index: SuggestionIndex, half: str, *, verbose: bool = False) -> tuple[float, float, int]:
    docs = load_half(half)
    top1 = top3 = 0
    for doc in docs:
        truth = set(doc["items"])  # type: ignore[arg-type]
        ranked = [s.item_id for s in index.suggest(as_passages(str(doc["text"])), k=3)]
        top1 += bool(ranked[:1] and ranked[0] in truth)
        top3 += bool(truth & set(ranked))
        if verbose and not truth & set(ranked[:1]):
            print(f"  {doc['id']}: truth {sorted(truth)} got {ranked}")
    return top1 / len(docs), top3 / len(docs), len(docs)


def hundred_page_pdf() -> bytes:
    from fpdf import FPDF

    from evidence.demo_document_texts import SERVICE_STANDARDS, SURVEY_REPORT
    from evidence.demo_documents import FONTS_DIR

    paragraphs = [p for _, ps in SERVICE_STANDARDS + SURVEY_REPORT for p in ps]
    pdf = FPDF(format="A4")
    pdf.add_font("sarabun", "", str(FONTS_DIR / "Sarabun-Regular.ttf"))
    pdf.set_font("sarabun", size=14)
    for page in range(100):
        pdf.add_page()
        for n in range(4):
            pdf.multi_cell(0, 7, f"ข้อ {page + 1}.{n + 1} " + paragraphs[(page + n) % len(paragraphs)],
                           new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def timings() -> dict[str, float]:
    criteria, vocabulary = load_version(2569), load_fact_vocabulary()
    started = time.perf_counter()
    index = SuggestionIndex(item_docs(criteria, vocabulary), key="bench")
    build = time.perf_counter() - started
    data = hundred_page_pdf()
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        extraction = extract(data, "application/pdf", "bench-100.pdf")
        prepared = prepare_query(extraction.passages)
        runs.append(time.perf_counter() - started)
    assert extraction.state == "read" and extraction.pages == 100, extraction
    big_suggest = []
    for _ in range(3):
        started = time.perf_counter()
        index.suggest(prepared)
        big_suggest.append(time.perf_counter() - started)
    corpus = [as_passages(str(d["text"])) for h in ("tuning", "heldout") for d in load_half(h)]
    stored = [prepare_query(corpus[n % len(corpus)]) for n in range(500)]  # 500 documents read and kept
    query = []
    for n in range(7):
        started = time.perf_counter()
        index.suggest(stored[n * 37])
        query.append(time.perf_counter() - started)
    raw = []
    for n in range(7):
        started = time.perf_counter()
        index.suggest(corpus[n])  # passages straight from extraction: tokenised in the query
        raw.append(time.perf_counter() - started)
    return {
        "index_build_s": build,
        "extract_index_100_pages_s": statistics.median(runs),
        "suggest_100_pages_s": statistics.median(big_suggest),
        "suggest_one_stored_document_s": statistics.median(query),
        "suggest_one_new_document_s": statistics.median(raw),
        "stored_documents": float(len(stored)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tuning", "heldout", "both"], default="both")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-timings", action="store_true")
    args = parser.parse_args()
    index = SuggestionIndex(item_docs(load_version(2569), load_fact_vocabulary()), key="bench")
    halves = ["tuning", "heldout"] if args.half == "both" else [args.half]
    for half in halves:
        top1, top3, n = accuracy(index, half, verbose=args.verbose)
        print(f"{half:8s} n={n:3d}  top-1 {top1:6.1%}  top-3 {top3:6.1%}")
    if not args.no_timings:
        for name, value in timings().items():
            print(f"{name:28s} {value:8.3f}")


if __name__ == "__main__":
    main()
