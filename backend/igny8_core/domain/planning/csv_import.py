"""Reading keyword CSV exports (Ahrefs, Semrush, Google Search Console, Keyword Planner, …).

Decodes UTF-8 (with or without BOM), UTF-16 (LE/BE, with BOM or detectable by NULs), and falls back
to Windows-1252; sniffs comma, semicolon or tab; maps the many header spellings to our fields; and
parses numbers written as `1,200`, `1.200`, `1 200`, `$0.45`, `0,45 €`, `1.2K`, or ranges like `1K-10K`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from igny8_core.domain.planning.text import normalize_keyword
from igny8_core.shared.exceptions import ValidationFailed

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_VOLUME = 2_147_483_647  # the search_volume column's range (PositiveIntegerField)
MAX_CPC = Decimal("99999999.99")  # the cpc column's range (10 digits, 2 decimals)

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "keyword": (
        "keyword",
        "keywords",
        "query",
        "queries",
        "top queries",
        "search term",
        "search query",
        "term",
        "phrase",
        "keyword phrase",
    ),
    "search_volume": (
        "volume",
        "search volume",
        "avg. monthly searches",
        "avg monthly searches",
        "monthly searches",
        "global volume",
        "sv",
        "search vol",
        "impressions",
    ),
    "difficulty": (
        "kd",
        "keyword difficulty",
        "difficulty",
        "kd %",
        "kd%",
        "seo difficulty",
        "competition index",
        "competition (indexed value)",
    ),
    "cpc": (
        "cpc",
        "cpc (usd)",
        "cpc usd",
        "avg. cpc",
        "cost per click",
        "top of page bid (high range)",
        "top of page bid (low range)",
    ),
    "intent": ("intent", "intents", "search intent", "keyword intents"),
}
_CANON = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
INTENT_NAMES = {
    "informational": "informational",
    "i": "informational",
    "commercial": "commercial",
    "c": "commercial",
    "transactional": "transactional",
    "t": "transactional",
    "navigational": "navigational",
    "n": "navigational",
}


@dataclass
class ParsedRow:
    row_number: int  # 1-based line in the file, header = 1
    keyword: str
    search_volume: int | None
    difficulty: int | None
    cpc: Decimal | None
    intent: str | None


@dataclass
class RejectedRow:
    row_number: int
    reason: str
    value: str = ""


def decode(raw: bytes) -> str:
    if not raw.strip(b"\x00 \r\n\t"):
        raise ValidationFailed("The file is empty.", errors={"file": ["The file is empty."]})
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(raw, "utf-16")
    sample = raw[:4000]
    if sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without BOM
        even_nuls = sample[0::2].count(b"\x00")
        return _decode_utf16(raw, "utf-16-be" if even_nuls > sample[1::2].count(b"\x00") else "utf-16-le")
    if b"\x00" in sample:
        raise _binary()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _binary() -> ValidationFailed:
    return ValidationFailed(
        "This does not look like a CSV file (it contains binary data).",
        errors={"file": ["Binary data; upload a CSV export."]},
    )


def _decode_utf16(raw: bytes, encoding: str) -> str:
    """Binary files full of NULs (xlsx, png, …) look like UTF-16 at first sight; real text decodes
    cleanly and never contains U+0000."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise _binary() from None
    if "\x00" in text:
        raise _binary()
    return text


def _sniff_delimiter(text: str) -> str:
    first_lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not first_lines:
        return ","
    header = first_lines[0]
    for line in first_lines[:10]:  # the header may follow report-title lines (Keyword Planner)
        for delimiter in (",", ";", "\t", "|"):
            if any(_header_key(c) in HEADER_ALIASES["keyword"] for c in line.split(delimiter)):
                return delimiter
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _header_key(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.replace("\ufeff", "").strip().strip('"').casefold())


_NUM_CLEAN = re.compile(r"[^\d.,\-kmb]")


def _thousands_group(head: str, tail: str) -> bool:
    """Whether ``head<sep>tail`` is a thousands grouping: three digits after a non-zero head."""
    return len(tail) == 3 and head.lstrip("-") not in ("", "0")


def parse_number(value: str) -> Decimal | None:
    """'1,200' → 1200, '1.200' (EU thousands) → 1200, '0,45' → 0.45, '$1.5K' → 1500, '1K-10K' → 1000."""
    text = value.strip().casefold().replace("\u00a0", "").replace(" ", "")
    if text in ("", "-", "n/a", "na", "none", "null", "--"):
        return None
    if re.match(r"^\d+(\.\d+)?e[+-]?\d{1,2}$", text):  # Excel's scientific notation: 1.2E+06
        return Decimal(text)
    if re.match(r"^[\d.,]+[kmb]?[-–][\d.,]+[kmb]?$", text):  # Keyword Planner ranges: take the lower bound
        text = re.split(r"[-–]", text)[0]
    text = _NUM_CLEAN.sub("", text)
    multiplier = Decimal(1)
    if text and text[-1] in "kmb":
        multiplier = {"k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}[text[-1]]
        text = text[:-1]
    if not text or text in ("-", ".", ","):
        raise ValueError(value)
    if "," in text and "." in text:
        # The later separator is the decimal one: 1,234.56 or 1.234,56
        later_comma = text.rfind(",") > text.rfind(".")
        text = text.replace(".", "").replace(",", ".") if later_comma else text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if _thousands_group(head, tail) else text.replace(",", ".")
    elif text.count(".") > 1:  # 1.234.567
        text = text.replace(".", "")
    elif "." in text and multiplier == 1:  # 1.200 (EU thousands); 0.450, 1.5 and 1.5K stay decimals
        head, _, tail = text.partition(".")
        if _thousands_group(head, tail):
            text = text.replace(".", "")
    try:
        return Decimal(text) * multiplier
    except InvalidOperation:
        raise ValueError(value) from None


def parse_csv(raw: bytes) -> tuple[list[ParsedRow], list[RejectedRow], dict[str, str]]:
    """Rows we can import, rows we reject (with reasons), and how headers were mapped."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationFailed(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.", errors={"file": ["File too large."]}
        )
    text = decode(raw)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    for header_line, row in enumerate(reader, start=1):  # skip blank lines and report-title lines before the header
        if any(_header_key(c) in _CANON for c in row):
            header = row
            break
        if header_line >= 10:
            break
    if header is None:
        raise ValidationFailed(
            "No keyword column found. The first row must name a column such as Keyword, Query or Search term.",
            errors={"file": ["No keyword column (Keyword, Query, Search term…) in the header."]},
        )
    columns: dict[str, int] = {}
    mapping: dict[str, str] = {}
    for index, cell in enumerate(header):
        field = _CANON.get(_header_key(cell))
        if field and field not in columns:
            columns[field] = index
            mapping[cell.strip().replace("\ufeff", "")] = field
    if "keyword" not in columns:
        raise ValidationFailed(
            "No keyword column found in the header.",
            errors={"file": ["No keyword column (Keyword, Query, Search term…) in the header."]},
        )

    rows: list[ParsedRow] = []
    rejected: list[RejectedRow] = []
    for line_no, row in enumerate(reader, start=header_line + 1):
        if not row or not any(cell.strip() for cell in row):
            continue
        keyword = row[columns["keyword"]].strip() if len(row) > columns["keyword"] else ""
        if not keyword:
            rejected.append(RejectedRow(line_no, "The keyword is empty."))
            continue
        if len(keyword) > 500 or len(normalize_keyword(keyword)) > 500:
            rejected.append(RejectedRow(line_no, "The keyword is longer than 500 characters.", keyword[:80]))
            continue
        try:
            volume = _cell_number(row, columns.get("search_volume"))
            difficulty = _cell_number(row, columns.get("difficulty"))
            cpc = _cell_number(row, columns.get("cpc"))
        except ValueError as exc:
            rejected.append(RejectedRow(line_no, f"Not a number: {exc.args[0]!r}.", keyword))
            continue
        if volume is not None and volume < 0:
            rejected.append(RejectedRow(line_no, "Search volume cannot be negative.", keyword))
            continue
        if volume is not None and volume > MAX_VOLUME:
            rejected.append(RejectedRow(line_no, "Search volume is too large.", keyword))
            continue
        if difficulty is not None and not (0 <= difficulty <= 100):
            rejected.append(RejectedRow(line_no, "Difficulty must be between 0 and 100.", keyword))
            continue
        if cpc is not None and cpc < 0:
            rejected.append(RejectedRow(line_no, "CPC cannot be negative.", keyword))
            continue
        if cpc is not None and cpc >= MAX_CPC + Decimal("0.005"):  # would round past the column's range
            rejected.append(RejectedRow(line_no, "CPC is too large.", keyword))
            continue
        intent = None
        if "intent" in columns and len(row) > columns["intent"]:
            raw_intent = row[columns["intent"]].strip().casefold()
            first = re.split(r"[,;/ ]+", raw_intent)[0] if raw_intent else ""
            intent = INTENT_NAMES.get(first)
        rows.append(
            ParsedRow(
                row_number=line_no,
                keyword=keyword,
                search_volume=int(volume) if volume is not None else None,
                difficulty=round(difficulty) if difficulty is not None else None,
                cpc=cpc.quantize(Decimal("0.01")) if cpc is not None else None,
                intent=intent,
            )
        )
    return rows, rejected, mapping


def _cell_number(row: list[str], index: int | None) -> Decimal | None:
    if index is None or index >= len(row):
        return None
    return parse_number(row[index])
