"""Measure match_level / check_label on perturbed copies of a framework's criteria.

Usage::

    python benchmarks/criteria_perturbed.py [FRAMEWORK]     # default spbe2020

Every criterion and alternative wording is perturbed the ways docs/criteria.md lists (case,
punctuation, spacing, 1-3 letter typos, cuts at 40-95 %, cut + typo, a word or a three-word
phrase doubled, a word dropped; fixed random seed).  Each text is checked under its own
level (a flag is a false flag) and under every other level (a flag naming its level is a
detection).  Prints one line per perturbation kind and the totals: the figures of
docs/criteria.md.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator

import spbe_xl.framework as fw

SEED = 20261203
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(text: str, rng: random.Random) -> str:
    """One random letter edit (substitution, deletion, insertion or swap) inside a word."""
    spots = [m.start() for m in re.finditer(r"[A-Za-z]", text)]
    i = rng.choice(spots)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + rng.choice(LETTERS) + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + rng.choice(LETTERS) + text[i:]
    j = min(i + 1, len(text) - 1)
    return text[:i] + text[j] + text[i] + text[j + 1 :]


def perturbations(text: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    """(kind, perturbed text) for one wording."""
    yield "exact/case/punct/space", text
    yield "exact/case/punct/space", text.upper()
    yield "exact/case/punct/space", text.lower()
    yield "exact/case/punct/space", re.sub(r"[^\w\s]", "", text.replace("/", " "))
    # "Pusat/Pemerintah" typed "PusatPemerintah": two words glued into one
    yield "slashes deleted (words glued)", text.replace("/", "")
    yield "exact/case/punct/space", re.sub(r"\s+", "  ", text).replace("/", " / ")
    for n in (1, 2, 3):
        for _ in range(3):
            t = text
            for _ in range(n):
                t = typo(t, rng)
            yield f"{n} typo(s)", t
    for share in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
        yield f"cut {int(share * 100)}%", text[: int(len(text) * share)]
        yield "cut + typo", typo(text[: int(len(text) * share)], rng)
    words = text.split()
    k = rng.randrange(len(words))
    yield "word/phrase doubled", " ".join(words[: k + 1] + words[k:])
    k = rng.randrange(max(1, len(words) - 3))
    yield "word/phrase doubled", " ".join(words[: k + 3] + words[k:])
    if len(words) > 3:
        k = rng.randrange(len(words))
        yield "word dropped", " ".join(words[:k] + words[k + 1 :])


def main(framework: str) -> None:
    f = fw.load(framework)
    rng = random.Random(SEED)
    levels = range(f.level_min, f.level_max + 1)
    stats: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for r in f.criteria.itertuples():
        for wording in (r.criterion, r.alt_criterion):
            if not isinstance(wording, str):
                continue
            for kind, text in perturbations(wording, rng):
                s = stats[kind]
                m = f.match_level(r.indicator_no, text)
                s[0] += 1
                s[1] += m is not None and m.level == r.level
                s[2] += m is None
                s[3] += f.check_label(r.indicator_no, r.level, text) is not None
                for other in levels:
                    if other == r.level:
                        continue
                    c = f.check_label(r.indicator_no, other, text)
                    s[4] += 1
                    s[5] += c is not None and c.text_level == r.level
                    s[6] += c is not None and c.text_level != r.level
    total = [sum(v[i] for v in stats.values()) for i in range(7)]
    print(
        f"{framework}: kind | texts | matched to its level | no match | false flags | "
        "contradictions detected | flags naming a wrong level"
    )
    for kind, s in [*sorted(stats.items()), ("all", total)]:
        print(
            f"{kind} | {s[0]} | {100 * s[1] / s[0]:.1f} % | {100 * s[2] / s[0]:.1f} % | {s[3]} | "
            f"{100 * s[5] / s[4]:.1f} % | {s[6]}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "spbe2020")
