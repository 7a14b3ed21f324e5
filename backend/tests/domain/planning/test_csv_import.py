"""Reading keyword CSV exports as they come from real tools: encodings, delimiters, number formats,
report-title lines, header spellings, bad rows (rejected with row numbers) and unreadable files."""

from __future__ import annotations

import gzip
import io
import zipfile
from decimal import Decimal

import pytest

from igny8_core.domain.planning.csv_import import (
    HEADER_ALIASES,
    MAX_FILE_BYTES,
    ParsedRow,
    RejectedRow,
    decode,
    parse_csv,
    parse_number,
)
from igny8_core.shared.exceptions import ValidationFailed


def row(
    line: int,
    keyword: str,
    volume: int | None = None,
    difficulty: int | None = None,
    cpc: str | None = None,
    intent: str | None = None,
) -> ParsedRow:
    return ParsedRow(
        row_number=line,
        keyword=keyword,
        search_volume=volume,
        difficulty=difficulty,
        cpc=Decimal(cpc) if cpc is not None else None,
        intent=intent,
    )


# --- decode --------------------------------------------------------------------------------------

TEXT = "Keyword,Volume\ncafé crème,10\n"


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "UTF-8 with BOM"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "UTF-16 LE with BOM"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16 BE with BOM"),
        (TEXT.encode("utf-16-le"), "UTF-16 LE without BOM"),
        (TEXT.encode("utf-16-be"), "UTF-16 BE without BOM"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
)
def test_decode_reads_every_common_encoding(raw: bytes, label: str):
    assert decode(raw) == TEXT, label


def test_decode_windows_1252_punctuation():
    raw = "Keyword\n\u201csmart quotes\u201d \u2013 caf\u00e9 \u20ac5\n".encode("cp1252")

    assert decode(raw) == "Keyword\n\u201csmart quotes\u201d \u2013 caf\u00e9 \u20ac5\n"


def test_decode_keeps_a_valid_utf8_file_as_utf8():
    # These bytes are also valid Windows-1252 ("cafÃ©"); UTF-8 wins when the whole file decodes as UTF-8.
    assert decode("café".encode()) == "café"


@pytest.mark.parametrize("raw", [b"", b"   ", b"\r\n\r\n", b"\x00\x00", b" \t\n\x00 "])
def test_decode_refuses_an_empty_file(raw: bytes):
    with pytest.raises(ValidationFailed) as exc:
        decode(raw)

    assert exc.value.message == "The file is empty."
    assert exc.value.errors == {"file": ["The file is empty."]}


# --- parse_number --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", Decimal("0")),
        ("1200", Decimal("1200")),
        ("1,200", Decimal("1200")),  # US thousands
        ("12,345,678", Decimal("12345678")),
        ("1.200", Decimal("1200")),  # EU thousands
        ("1.234.567", Decimal("1234567")),
        ("1 200", Decimal("1200")),  # space thousands (FR)
        ("1\u00a0200", Decimal("1200")),  # no-break space thousands
        ("1,234.56", Decimal("1234.56")),
        ("1.200,50", Decimal("1200.50")),  # EU with decimals
        ("0.45", Decimal("0.45")),
        ("0,45", Decimal("0.45")),  # EU decimal comma
        ("0,450", Decimal("0.450")),  # a zero head is never a thousands group
        ("0.450", Decimal("0.450")),
        ("1,5", Decimal("1.5")),
        ("$0.45", Decimal("0.45")),
        ("0,45 €", Decimal("0.45")),
        ("€1.234,50", Decimal("1234.50")),
        ("1.5K", Decimal("1500")),
        ("1.5k", Decimal("1500")),
        ("$1.5K", Decimal("1500")),
        ("2,5K", Decimal("2500")),
        ("1M", Decimal("1000000")),
        ("1.2M", Decimal("1200000")),
        ("3B", Decimal("3000000000")),
        ("1K-10K", Decimal("1000")),  # Keyword Planner ranges: the lower bound
        ("10K – 100K", Decimal("10000")),
        ("100-1000", Decimal("100")),
        ("1.2E+06", Decimal("1200000")),  # Excel's scientific notation
        ("5e3", Decimal("5000")),
        ("45%", Decimal("45")),
        ("  77  ", Decimal("77")),
        ("-5", Decimal("-5")),
    ],
)
def test_parse_number(value: str, expected: Decimal):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["", "   ", "-", "--", "n/a", "N/A", "NA", "none", "null", "NULL"])
def test_parse_number_blanks_are_none(value: str):
    assert parse_number(value) is None


@pytest.mark.parametrize("value", ["abc", "high", ".", ",", "$", "—", "K", "1.2.3,4,5x"])
def test_parse_number_refuses_non_numbers(value: str):
    with pytest.raises(ValueError, match=r".") as exc:
        parse_number(value)

    assert exc.value.args == (value,)


# --- delimiters, encodings, layout ---------------------------------------------------------------

EXPECTED = [row(2, "café crème", 1200, 30, "0.45"), row(3, "best shoes", 880, 45, "1.20")]


@pytest.mark.parametrize(
    "raw",
    [
        'Keyword,Volume,KD,CPC\ncafé crème,"1,200",30,$0.45\nbest shoes,880,45,1.20\n'.encode(),
        "Keyword;Volume;KD;CPC\ncafé crème;1.200;30;0,45\nbest shoes;880;45;1,20\n".encode(),
        "Keyword\tVolume\tKD\tCPC\ncafé crème\t1 200\t30\t0.45\nbest shoes\t880\t45\t1.2\n".encode(),
        "Keyword|Volume|KD|CPC\ncafé crème|1200|30|0.45\nbest shoes|880|45|1.20\n".encode(),
        b"\xef\xbb\xbf" + 'Keyword,Volume,KD,CPC\ncafé crème,"1,200",30,0.45\nbest shoes,880,45,1.2\n'.encode(),
        "Keyword;Volume;KD;CPC\r\ncafé crème;1.200,00;30;0,45 €\r\nbest shoes;880;45;1,20 €\r\n".encode("cp1252"),
        "\ufeffKeyword\tVolume\tKD\tCPC\ncafé crème\t1200\t30\t0.45\nbest shoes\t880\t45\t1.20\n".encode("utf-16"),
        b"\xfe\xff"
        + "Keyword\tVolume\tKD\tCPC\ncafé crème\t1200\t30\t0.45\nbest shoes\t880\t45\t1.20\n".encode("utf-16-be"),
        "Keyword\tVolume\tKD\tCPC\ncafé crème\t1200\t30\t0.45\nbest shoes\t880\t45\t1.20\n".encode("utf-16-le"),
    ],
    ids=["comma", "semicolon-eu", "tab", "pipe", "utf8-bom", "cp1252-crlf", "utf16-le-bom", "utf16-be-bom", "utf16"],
)
def test_the_same_data_reads_the_same_whatever_the_format(raw: bytes):
    rows, rejected, mapping = parse_csv(raw)

    assert rows == EXPECTED
    assert rejected == []
    assert mapping == {"Keyword": "keyword", "Volume": "search_volume", "KD": "difficulty", "CPC": "cpc"}


def test_empty_lines_are_skipped_and_row_numbers_stay_file_lines():
    raw = b"Keyword,Volume\n\nfirst,1\n\n\n ,  \nsecond,2\n\n"

    rows, rejected, _ = parse_csv(raw)

    assert rows == [row(3, "first", 1), row(7, "second", 2)]
    assert rejected == []


def test_title_and_report_lines_before_the_header_are_skipped():
    raw = b"Organic keywords report\nExported 2024-05-01 for example.com\n\nKeyword,Volume,KD\nrunning shoes,5400,62\n"

    rows, rejected, mapping = parse_csv(raw)

    assert rows == [row(5, "running shoes", 5400, 62)]
    assert rejected == []
    assert mapping == {"Keyword": "keyword", "Volume": "search_volume", "KD": "difficulty"}


def test_title_lines_do_not_hide_a_tab_or_semicolon_header():
    for delimiter in ("\t", ";"):
        raw = f"Report, May 2024\nAll locations\nKeyword{delimiter}Volume\nshoes{delimiter}10\n".encode()

        rows, rejected, _ = parse_csv(raw)

        assert rows == [row(4, "shoes", 10)], repr(delimiter)
        assert rejected == []


def test_a_header_after_ten_lines_is_not_searched_for():
    raw = b"title\n" * 10 + b"Keyword,Volume\nshoes,10\n"

    with pytest.raises(ValidationFailed) as exc:
        parse_csv(raw)

    assert exc.value.errors == {"file": ["No keyword column (Keyword, Query, Search term…) in the header."]}


def test_quoted_cells_keep_delimiters_and_quotes():
    raw = b'Keyword,Volume\n"shoes, red",10\n"the ""best"" shoes",20\n'

    rows, _, _ = parse_csv(raw)

    assert rows == [row(2, "shoes, red", 10), row(3, 'the "best" shoes', 20)]


def test_keyword_cell_is_trimmed_and_missing_metric_cells_are_none():
    raw = b"Keyword,Volume,KD,CPC\n  padded keyword  ,,,\nshort row\n"

    rows, rejected, _ = parse_csv(raw)

    assert rows == [row(2, "padded keyword"), row(3, "short row")]
    assert rejected == []


def test_unknown_columns_are_ignored_and_the_first_alias_of_a_field_wins():
    raw = b"#,Keyword,Country,Volume,Global volume,Parent Keyword\n1,shoes,us,100,900,shoe\n"

    rows, _, mapping = parse_csv(raw)

    assert rows == [row(2, "shoes", 100)]
    assert mapping == {"Keyword": "keyword", "Volume": "search_volume"}


def test_header_matching_ignores_case_spacing_and_quotes():
    raw = b'"  KEYWORD ","Search   Volume","kd %"\nshoes,10,5\n'

    rows, _, mapping = parse_csv(raw)

    assert rows == [row(2, "shoes", 10, 5)]
    assert mapping == {"KEYWORD": "keyword", "Search   Volume": "search_volume", "kd %": "difficulty"}


def test_a_bom_in_front_of_the_header_does_not_break_the_mapping():
    raw = "\ufeffKeyword,Volume\nshoes,10\n".encode()  # a BOM left inside the text (double-encoded export)

    rows, _, mapping = parse_csv(raw)

    assert rows == [row(2, "shoes", 10)]
    assert mapping == {"Keyword": "keyword", "Volume": "search_volume"}


# --- real exports ----------------------------------------------------------------------------------


def test_ahrefs_export_utf16_tab_separated():
    text = (
        "#\tKeyword\tCountry\tDifficulty\tVolume\tCPC\tCPS\tParent Keyword\tLast Update\tSERP Features\t"
        "Global volume\tTraffic potential\n"
        "1\tbest running shoes\tus\t62\t33,000\t1.10\t1.25\trunning shoes\t2024-05-01\tSitelinks\t91,000\t120,000\n"
        "2\trunning shoes for women\tus\t45\t12,000\t0.90\t1.1\trunning shoes\t2024-05-01\t\t30,000\t40,000\n"
    )

    rows, rejected, mapping = parse_csv(text.encode("utf-16"))

    assert rows == [
        row(2, "best running shoes", 33000, 62, "1.10"),
        row(3, "running shoes for women", 12000, 45, "0.90"),
    ]
    assert rejected == []
    assert mapping == {"Keyword": "keyword", "Difficulty": "difficulty", "Volume": "search_volume", "CPC": "cpc"}


def test_ahrefs_short_headers():
    raw = b'Keyword,Volume,KD,CPC\nbest running shoes,"33,000",62,1.10\n'

    rows, _, mapping = parse_csv(raw)

    assert rows == [row(2, "best running shoes", 33000, 62, "1.10")]
    assert mapping == {"Keyword": "keyword", "Volume": "search_volume", "KD": "difficulty", "CPC": "cpc"}


def test_semrush_export_with_intent_lists():
    raw = (
        b"Keyword,Intent,Search Volume,Trend,Keyword Difficulty,CPC,Competitive Density,Number of Results\n"
        b'buy running shoes,"Commercial, Transactional",2900,"0.81,1.00",58,1.42,1.00,120000000\n'
        b"running shoes,Informational,165000,1.00,91,0.95,1.00,980000000\n"
        b"nike,Navigational,9140000,1.00,100,0.52,0.61,2190000000\n"
        b"nike shoes sale,Transactional,40500,1.00,77,0.66,1.00,71000000\n"
        b"trail shoes,,1300,,44,0.80,0.9,20000000\n"
        b"weird intent,Local,10,,1,0,0,1\n"
    )

    rows, rejected, mapping = parse_csv(raw)

    assert rows == [
        row(2, "buy running shoes", 2900, 58, "1.42", "commercial"),  # the first listed intent
        row(3, "running shoes", 165000, 91, "0.95", "informational"),
        row(4, "nike", 9140000, 100, "0.52", "navigational"),
        row(5, "nike shoes sale", 40500, 77, "0.66", "transactional"),
        row(6, "trail shoes", 1300, 44, "0.80", None),  # no intent given: classified later
        row(7, "weird intent", 10, 1, "0.00", None),  # an unknown intent name is ignored
    ]
    assert rejected == []
    assert mapping == {
        "Keyword": "keyword",
        "Intent": "intent",
        "Search Volume": "search_volume",
        "Keyword Difficulty": "difficulty",
        "CPC": "cpc",
    }


@pytest.mark.parametrize(
    ("cell", "intent"),
    [
        ("Informational", "informational"),
        ("commercial", "commercial"),
        ("TRANSACTIONAL", "transactional"),
        ("Navigational", "navigational"),
        ("Commercial, Informational", "commercial"),
        ("Informational; Commercial", "informational"),
        ("Transactional/Commercial", "transactional"),
        ("C", "commercial"),
        ("I, N", "informational"),
        ("t", "transactional"),
        ("n", "navigational"),
        ("", None),
        ("Unknown", None),
    ],
)
def test_intent_cells(cell: str, intent: str | None):
    rows, _, _ = parse_csv(f'Keyword,Intent\nshoes,"{cell}"\n'.encode())

    assert rows[0].intent == intent


def test_google_search_console_export_maps_impressions_to_volume():
    # Search Console has no search volume; its Impressions column is the closest stand-in (see HEADER_ALIASES).
    assert "impressions" in HEADER_ALIASES["search_volume"]
    raw = (
        b"Top queries,Clicks,Impressions,CTR,Position\n"
        b"running shoes,120,4500,2.67%,7.3\n"
        b"trail running shoes,8,1230,0.65%,11.2\n"
    )

    rows, rejected, mapping = parse_csv(raw)

    assert rows == [row(2, "running shoes", 4500), row(3, "trail running shoes", 1230)]
    assert rejected == []
    assert mapping == {"Top queries": "keyword", "Impressions": "search_volume"}


def test_google_search_console_query_header():
    rows, _, mapping = parse_csv(b'Query,Clicks,Impressions\nshoes,1,"1,500"\n')

    assert rows == [row(2, "shoes", 1500)]
    assert mapping == {"Query": "keyword", "Impressions": "search_volume"}


def test_keyword_planner_export_with_title_lines_ranges_and_bids():
    text = (
        "Keyword Stats 2024-05-01 at 10_31_07\n"
        "All locations, English\n"
        "Keyword\tCurrency\tAvg. monthly searches\tThree month change\tYoY change\tCompetition\t"
        "Competition (indexed value)\tTop of page bid (low range)\tTop of page bid (high range)\n"
        "running shoes\tUSD\t100K – 1M\t0%\t0%\tHigh\t100\t0.62\t2.11\n"
        "trail running shoes\tUSD\t10K-100K\t-18%\t0%\tHigh\t89\t0.55\t1.63\n"
        "barefoot running shoes\tUSD\t1K – 10K\t0%\t+22%\tMedium\t55\t\t\n"
        "running shoes 2024\tUSD\t2400\t0%\t0%\tLow\t12\t0.40\t1.02\n"
    )

    rows, rejected, mapping = parse_csv(text.encode("utf-16"))

    assert rows == [
        row(4, "running shoes", 100000, 100, "0.62"),
        row(5, "trail running shoes", 10000, 89, "0.55"),
        row(6, "barefoot running shoes", 1000, 55),
        row(7, "running shoes 2024", 2400, 12, "0.40"),
    ]
    assert rejected == []
    assert mapping == {
        "Keyword": "keyword",
        "Avg. monthly searches": "search_volume",
        "Competition (indexed value)": "difficulty",
        "Top of page bid (low range)": "cpc",
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [(alias, field) for field, aliases in HEADER_ALIASES.items() for alias in aliases],
)
def test_every_header_alias_is_recognized(header: str, field: str):
    keyword_header = "Keyword" if field != "keyword" else header
    extra = f",{header.upper()}" if field != "keyword" else ""
    raw = f'"{keyword_header}"{extra}\nshoes,1\n'.encode()

    _, _, mapping = parse_csv(raw)

    expected = {keyword_header: "keyword"} if field == "keyword" else {"Keyword": "keyword", header.upper(): field}
    assert {k.strip('"'): v for k, v in mapping.items()} == expected


# --- rejected rows ---------------------------------------------------------------------------------


def test_bad_rows_are_rejected_with_row_numbers_and_reasons_and_good_rows_kept():
    raw = (
        b"Keyword,Volume,KD,CPC\n"  # 1
        b"good one,10,5,0.5\n"  # 2
        b",10,5,0.5\n"  # 3
        b"   ,10,5,0.5\n"  # 4
        b"bad volume,lots,5,0.5\n"  # 5
        b"bad kd,10,hard,0.5\n"  # 6
        b"bad cpc,10,5,cheap\n"  # 7
        b"kd too high,10,101,0.5\n"  # 8
        b"kd negative,10,-1,0.5\n"  # 9
        b"volume negative,-10,5,0.5\n"  # 10
        b"cpc negative,10,5,-0.5\n"  # 11
        b"volume too large,3000000000,5,0.5\n"  # 12
        b"cpc too large,10,5,100000000\n"  # 13
        b"\n"  # 14
        b"good two,1.5K,100,$1\n"  # 15
        b"kd rounds to 100,20,99.6,0\n"  # 16
        b"kd 100.4 is over,20,100.4,0\n"  # 17
    )

    rows, rejected, _ = parse_csv(raw)

    assert rows == [
        row(2, "good one", 10, 5, "0.50"),
        row(15, "good two", 1500, 100, "1.00"),
        row(16, "kd rounds to 100", 20, 100, "0.00"),
    ]
    assert rejected == [
        RejectedRow(3, "The keyword is empty.", ""),
        RejectedRow(4, "The keyword is empty.", ""),
        RejectedRow(5, "Not a number: 'lots'.", "bad volume"),
        RejectedRow(6, "Not a number: 'hard'.", "bad kd"),
        RejectedRow(7, "Not a number: 'cheap'.", "bad cpc"),
        RejectedRow(8, "Difficulty must be between 0 and 100.", "kd too high"),
        RejectedRow(9, "Difficulty must be between 0 and 100.", "kd negative"),
        RejectedRow(10, "Search volume cannot be negative.", "volume negative"),
        RejectedRow(11, "CPC cannot be negative.", "cpc negative"),
        RejectedRow(12, "Search volume is too large.", "volume too large"),
        RejectedRow(13, "CPC is too large.", "cpc too large"),
        RejectedRow(17, "Difficulty must be between 0 and 100.", "kd 100.4 is over"),
    ]


def test_the_largest_storable_metrics_are_accepted():
    rows, rejected, _ = parse_csv(b"Keyword,Volume,CPC\nbig,2147483647,99999999.99\n")

    assert rows == [row(2, "big", 2147483647, None, "99999999.99")]
    assert rejected == []


def test_a_row_with_only_a_keyword_column_missing_is_rejected_as_empty():
    rows, rejected, _ = parse_csv(b"Volume,Keyword\n10\n20,ok\n")

    assert rows == [row(3, "ok", 20)]
    assert rejected == [RejectedRow(2, "The keyword is empty.", "")]


def test_overlong_keywords_are_rejected_with_a_shortened_value():
    long = "x" * 501
    swelling = "ß" * 300  # 300 characters that case-fold to 600

    rows, rejected, _ = parse_csv(f"Keyword\n{long}\n{'y' * 500}\n{swelling}\n".encode())

    assert rows == [row(3, "y" * 500)]
    assert rejected == [
        RejectedRow(2, "The keyword is longer than 500 characters.", "x" * 80),
        RejectedRow(4, "The keyword is longer than 500 characters.", "ß" * 80),
    ]


def test_duplicates_are_left_for_the_import_to_count():
    rows, rejected, _ = parse_csv(b"Keyword\nshoes\nSHOES\nshoes\n")

    assert [r.keyword for r in rows] == ["shoes", "SHOES", "shoes"]
    assert rejected == []


def test_a_header_only_file_has_no_rows():
    assert parse_csv(b"Keyword,Volume\n") == ([], [], {"Keyword": "keyword", "Volume": "search_volume"})


# --- files refused whole ---------------------------------------------------------------------------

NO_KEYWORD_COLUMN = {"file": ["No keyword column (Keyword, Query, Search term…) in the header."]}
BINARY = {"file": ["Binary data; upload a CSV export."]}


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types>" + "x" * 2000 + "</Types>")
        archive.writestr("xl/worksheets/sheet1.xml", "<sheetData>" + "<c>keyword</c>" * 200 + "</sheetData>")
    return buffer.getvalue()


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00" + bytes(1001)


@pytest.mark.parametrize(
    ("raw", "message", "errors"),
    [
        (b"", "The file is empty.", {"file": ["The file is empty."]}),
        (b"\n\n  \r\n", "The file is empty.", {"file": ["The file is empty."]}),
        (  # a header with metric columns but no keyword column
            b"Volume,KD,CPC\n10,5,0.5\n",
            "No keyword column found in the header.",
            NO_KEYWORD_COLUMN,
        ),
        (
            b"Volume,KD\n10,5\n20,6\n",
            "No keyword column found in the header.",
            NO_KEYWORD_COLUMN,
        ),
        (  # no recognizable header at all
            b"a,b,c\n1,2,3\n",
            "No keyword column found. The first row must name a column such as Keyword, Query or Search term.",
            NO_KEYWORD_COLUMN,
        ),
        (
            b"just some text\nwith no header at all\n",
            "No keyword column found. The first row must name a column such as Keyword, Query or Search term.",
            NO_KEYWORD_COLUMN,
        ),
        (
            b"Page,Clicks,Impressions\n/shoes,10,100\n",  # Search Console's Pages tab: metrics, no keyword
            "No keyword column found in the header.",
            NO_KEYWORD_COLUMN,
        ),
        (_xlsx(), "This does not look like a CSV file (it contains binary data).", BINARY),
        (_png(), "This does not look like a CSV file (it contains binary data).", BINARY),
        (
            gzip.compress(b"Keyword,Volume\nshoes,10\n" * 50),
            "This does not look like a CSV file (it contains binary data).",
            BINARY,
        ),
        (
            b"%PDF-1.4\n" + bytes(range(256)) * 4,
            "This does not look like a CSV file (it contains binary data).",
            BINARY,
        ),
        (b"\x7fELF\x02\x01\x01" + bytes(500), "This does not look like a CSV file (it contains binary data).", BINARY),
        (  # a UTF-16 BOM followed by an odd number of bytes
            b"\xff\xfe" + "Keyword\nshoes\n".encode("utf-16-le") + b"\x00",
            "This does not look like a CSV file (it contains binary data).",
            BINARY,
        ),
        (  # a UTF-16 BOM followed by a lone surrogate
            b"\xff\xfe" + "Keyword\n".encode("utf-16-le") + b"\x00\xd8a\x00",
            "This does not look like a CSV file (it contains binary data).",
            BINARY,
        ),
    ],
    ids=[
        "empty",
        "blank-lines",
        "no-keyword-column",
        "metrics-only",
        "unknown-columns",
        "prose",
        "gsc-pages",
        "xlsx",
        "png",
        "gzip",
        "pdf",
        "elf",
        "odd-utf16",
        "lone-surrogate",
    ],
)
def test_unreadable_files_are_refused_whole(raw: bytes, message: str, errors: dict):
    with pytest.raises(ValidationFailed) as exc:
        parse_csv(raw)

    assert exc.value.message == message
    assert exc.value.errors == errors


def test_a_file_over_the_size_limit_is_refused_before_reading():
    raw = b"Keyword\n" + b"x" * MAX_FILE_BYTES

    with pytest.raises(ValidationFailed) as exc:
        parse_csv(raw)

    assert exc.value.message == "The file is larger than 50 MB."
    assert exc.value.errors == {"file": ["File too large."]}
