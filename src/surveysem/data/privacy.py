"""Columns that identify a respondent, which never reach any output.

A questionnaire export often carries the respondent's name, e-mail address, phone (WhatsApp) number or student
number beside the answers (Google Forms collects e-mail addresses when "Collect email addresses" is on; Indonesian
questionnaires ask ``Nama``, ``No. HP/WA``, ``NIM``). An analysis needs none of them, and a results folder that
is shared with a supervisor, a journal or a repository must not hold them. Every step that reads a survey drops
these columns right after reading, and the cleaning report names the dropped *columns* (never their values).

A column is identifying when its header is a name-like word (:data:`HEADER_WORDS`, matched as whole words, case-
and punctuation-insensitive, so ``Nama Lengkap``, ``Email Address``, ``No. HP / WA`` match but ``Nama Produk``
does, too: a product name is no answer a PLS or regression model reads, and dropping it is the safe error) or when
most of its non-empty cells look like e-mail addresses or phone numbers (:func:`identifying_columns`). The item
columns of the model and the configured ``id_column`` are never dropped.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

#: header words that name a person or a way to reach them (English and Bahasa Indonesia)
HEADER_WORDS = (
    "name", "nama", "full name", "nama lengkap", "email", "e mail", "email address", "alamat email", "surel",
    "phone", "telephone", "mobile", "telepon", "telp", "no hp", "nomor hp", "hp", "wa", "whatsapp", "no wa",
    "nomor wa", "nim", "npm", "nik", "address", "alamat", "username", "instagram", "ig",
)
_WORDS = sorted(HEADER_WORDS, key=len, reverse=True)
_HEADER_RE = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(w) for w in _WORDS) + r")(?:\s|$)")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^\+?[\d\s().-]{9,}$")
#: share of non-empty cells that must look like e-mail addresses or phone numbers for a column to count as contact data
CONTACT_SHARE = 0.5


def _normal_header(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(header).lower()).split())


def is_identifying_header(header: str) -> bool:
    """True when the header is a name-like word (:data:`HEADER_WORDS`), e.g. ``Nama``, ``Email Address``, ``No. HP``."""
    return bool(_HEADER_RE.search(_normal_header(header)))


def _looks_like_contact(cells: pd.Series) -> bool:
    text = cells.dropna().astype(str).str.strip()
    text = text[text != ""]
    if text.empty:
        return False
    hits = text.map(lambda s: bool(_EMAIL_RE.match(s)) or (bool(_PHONE_RE.match(s)) and sum(c.isdigit() for c in s) >= 9))
    return float(hits.mean()) >= CONTACT_SHARE


def identifying_columns(df: pd.DataFrame, keep: Iterable[str] = ()) -> list[str]:
    """The columns of ``df`` that identify a respondent, in file order.

    Parameters
    ----------
    df : DataFrame
        The survey as read (cells as text or numbers).
    keep : iterable of str
        Columns never reported as identifying: the model's items and the configured ``id_column``.

    Returns
    -------
    list of str
        Headers that are name-like (:func:`is_identifying_header`) or whose non-empty cells are mostly e-mail
        addresses or phone numbers (share ≥ :data:`CONTACT_SHARE`; a phone number has at least 9 digits).
    """
    keep = set(keep)
    out = []
    for col in df.columns:
        if col in keep:
            continue
        by_content = not pd.api.types.is_numeric_dtype(df[col]) and _looks_like_contact(df[col])
        if is_identifying_header(col) or by_content:
            out.append(col)
    return out
