"""Shared by the framework tests: the packaged frameworks, small framework and weights
files, criteria texts."""

from __future__ import annotations

from pathlib import Path

import spbe_xl.framework as fw

F2018 = fw.load("spbe2018")
F2020 = fw.load("spbe2020")
BOTH = [F2018, F2020]
ALLOWED_STATUSES = {"confirmed", "from data", "derived", "open"}


def toml_text(
    *,
    weights: tuple[float, ...] = (20.0, 20.0, 30.0, 30.0),
    aspect_lists: tuple[str, str] = ("1-2", "3-4"),
    aspect_weights: tuple[float, float] | None = None,
    domain_weights: tuple[float, float] | None = None,
    bands: tuple[tuple[str, float, float], ...] = (
        ("Kurang", 0.0, 1.8),
        ("Cukup", 1.8, 2.6),
        ("Baik", 2.6, 3.5),
        ("Sangat Baik", 3.5, 4.2),
        ("Memuaskan", 4.2, 5.0),
    ),
    levels: tuple[int, int] = (1, 5),
    indicator_numbers: tuple[int, ...] = (1, 2, 3, 4),
    indicator_aspects: tuple[int, ...] = (1, 1, 2, 2),
    indicator_domains: tuple[int, ...] = (1, 1, 2, 2),
    extra: str = "",
) -> str:
    """A small framework: 2 domains, 2 aspects (one per domain), 4 indicators."""
    if aspect_weights is None:
        aspect_weights = (weights[0] + weights[1], weights[2] + weights[3])
    if domain_weights is None:
        domain_weights = aspect_weights
    parts = [
        "format = 1",
        'id = "mini"',
        'title = "Mini framework"',
        'regulation = "none"',
        f'[levels]\nmin = {levels[0]}\nmax = {levels[1]}\nstatus = "open"\nsource = "test"',
        '[[level_meanings]]\nfamily = "all"\nlevel = 1\nmeaning = "one"\n'
        'status = "open"\nsource = "test"',
    ]
    for name, lower, upper in bands:
        parts.append(
            f'[[predicates]]\nname = "{name}"\nlower = {lower}\nupper = {upper}\n'
            'status = "confirmed"\nsource = "test"'
        )
    for no in (1, 2):
        parts.append(
            f'[[domains]]\nno = {no}\nname = "Domain {no}"\nweight = {domain_weights[no - 1]}\n'
            'status = "derived"\nsource = "test"'
        )
    for no in (1, 2):
        parts.append(
            f'[[aspects]]\nno = {no}\nname = "Aspect {no}"\ndomain = {no}\n'
            f'indicators = "{aspect_lists[no - 1]}"\nweight = {aspect_weights[no - 1]}\n'
            'status = "derived"\nsource = "test"'
        )
    for no, weight, aspect, domain in zip(
        indicator_numbers, weights, indicator_aspects, indicator_domains, strict=True
    ):
        parts.append(
            f'[[indicators]]\nno = {no}\nname = "Indicator {no}"\nquestion = ""\n'
            f"domain = {domain}\naspect = {aspect}\nweight = {weight}\n"
            'status = "derived"\nsource = "test"'
        )
    return "\n\n".join(parts) + "\n" + extra


def write(tmp_path: Path, text: str, name: str = "mini.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# 2018 variant: 2 % for indicators 1-17, 3 % for 18-24, 4 % for 25-34, 5 % for 35 -> 34/21/45
CUSTOM_2018 = {n: 2.0 for n in range(1, 18)} | {n: 3.0 for n in range(18, 25)}
CUSTOM_2018 |= {n: 4.0 for n in range(25, 35)} | {35: 5.0}


def weights_csv(weights: dict[int, float], *, sep: str = ",", decimal: str = ".") -> str:
    lines = [f"indicator_no{sep}weight"]
    for no, weight in weights.items():
        value = f"{weight:g}".replace(".", decimal)
        if decimal == "," and sep == ",":
            value = f'"{value}"'
        lines.append(f"{no}{sep}{value}")
    return "\n".join(lines) + "\n"


CRIT_22_4 = (
    "Pengendalian satu atau lebih layanan pusat data (data center) dilakukan secara terpusat; "
    "Monitoring dan perencanaan kapasitas dilakukan secara berkala berdasarkan hasil analisis "
    "rekaman aktivitas pusat data (data center)."
)


CRIT_23_3 = (
    "Integrasi sistem aplikasi telah dilakukan secara keseluruhan sesuai rencana di Instansi "
    "Pusat/Pemerintah Daerah Saudara."
)


CRIT_5_4 = (
    "Kebijakan internal mendukung pengaturan pengoperasian pusat data untuk melaksanakan "
    "integrasi pusat data dengan pusat data milik Instansi Pusat/Pemerintah Daerah lain atau "
    "untuk rencana transisi penggunaan pusat data nasional."
)


MINI_CRITERIA = """indicator_no,level,criterion,evidence_guidance,alt_criterion,seed_agrees
1,1,Terdapat konsep kebijakan internal terkait satu.,Bukti satu,,yes
1,2,Kebijakan internal telah ditetapkan untuk sebagian unit kerja.,Bukti satu,,
1,3,Kebijakan internal telah ditetapkan untuk seluruh unit kerja.,Bukti satu,,
2,1,Terdapat konsep kebijakan internal terkait dua.,,,
"""


def criteria_toml(file: str = "mini-criteria.csv") -> str:
    return toml_text(
        extra=f'\n[criteria]\nfile = "{file}"\nstatus = "open"\nsource = "test criteria"\n'
    )
