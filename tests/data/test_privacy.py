"""Identifying columns (names, e-mail addresses, phone numbers) are found by header and by content."""
import pandas as pd
import pytest

from surveysem.data.privacy import identifying_columns, is_identifying_header


@pytest.mark.parametrize("header", ["Nama", "Nama Lengkap", "Name", "Full name", "Email Address", "E-mail",
                                    "Alamat email", "No. HP / WA", "Nomor WhatsApp", "NIM", "Username"])
def test_name_like_headers(header):
    assert is_identifying_header(header)


@pytest.mark.parametrize("header", ["Timestamp", "Jenis Kelamin", "Usia", "Pekerjaan", "Domisili",
                                    "X1.1 Saya percaya Bukalapak", "Penghasilan per bulan", "Gender", "Age"])
def test_other_headers(header):
    assert not is_identifying_header(header)


def test_content_and_keep():
    df = pd.DataFrame({
        "Kontak": ["ani@example.com", "budi@mail.co.id", "", "citra@x.org"],   # e-mail addresses under another header
        "Nomor": ["0812 3456 7890", "+62 812-1111-2222", "081299998888", None],  # phone numbers
        "Usia": ["18-22", "23-27", "18-22", "28-32"],
        "Nama": ["a", "b", "c", "d"],
        "X1.1": [1, 2, 3, 4],
    })
    assert identifying_columns(df) == ["Kontak", "Nomor", "Nama"]
    assert identifying_columns(df, keep=["Nama"]) == ["Kontak", "Nomor"]
