"""Tests of snippets/tokenization.py: BPE against brute-force counts, the fast learner and encoder
against the plain ones, lossless decoding of the book, and the page's numbers against hand
arithmetic and separately written counts."""
from __future__ import annotations

import math
import random
import re
from collections import Counter

import pytest

import tokenization as tk
from transcript_check import check, each

# --------------------------------------------------------------------------
# Helpers written independently of the snippet.


def brute_pair_counts(words):
    """Count pairs by looking at every position of every copy of every word."""
    out = Counter()
    for word, n in words.items():
        for _ in range(n):
            for i in range(len(word) - 1):
                out[(word[i], word[i + 1])] += 1
    return out


def random_corpus(seed, n_words=40, alphabet="abcde"):
    rng = random.Random(seed)
    corpus = {}
    for _ in range(n_words):
        word = tuple(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) + (tk.END,)
        corpus[word] = corpus.get(word, 0) + rng.randint(1, 5)
    return corpus


# --------------------------------------------------------------------------
# The building blocks


@pytest.mark.parametrize("seed", range(5))
def test_pair_counts_match_a_brute_force_count(seed):
    corpus = random_corpus(seed)
    assert tk.pair_counts(corpus) == brute_pair_counts(corpus)


def test_merge_pair_works_left_to_right_without_overlaps_and_keeps_the_text():
    assert tk.merge_pair(("a", "a", "a"), ("a", "a")) == ("aa", "a")
    assert tk.merge_pair(("a", "a", "a", "a"), ("a", "a")) == ("aa", "aa")
    assert tk.merge_pair(("x", "y"), ("y", "x")) == ("x", "y")
    word = ("l", "o", "w", "e", "s", "t")
    assert "".join(tk.merge_pair(word, ("e", "s"))) == "lowest"


def test_the_tie_rule_takes_the_pair_that_sorts_first():
    counts = Counter({("t", tk.END): 9, ("s", "t"): 9, ("e", "s"): 9, ("a", "b"): 8})
    assert tk.best_pair(counts) == ("e", "s")


def test_the_classic_toy_corpus_merges_e_s_then_es_t_then_est_end():
    # Hand count: e s occurs in newest (6) and widest (3); so do s t and t </w>: three ties at 9.
    steps = tk.learn_bpe(tk.toy_corpus(), 5)
    assert steps == [(("e", "s"), 9), (("es", "t"), 9), (("est", tk.END), 9),
                     (("l", "o"), 7), (("lo", "w"), 7)]


def test_lowest_is_low_plus_est_end():
    merges = [p for p, _ in tk.learn_bpe(tk.toy_corpus(), 5)]
    assert tk.encode_word(tk.with_end("lowest"), merges) == ("low", "est" + tk.END)


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_learner_gives_the_same_merges_as_the_plain_one(seed):
    corpus = random_corpus(seed, n_words=60)
    plain = [s for s in tk.learn_bpe(corpus, 40) if s[1] >= 2]
    fast = tk.learn_bpe_fast(corpus, 40)
    assert fast == plain[:len(fast)]
    assert len(fast) == len(plain) or len(plain) == 40 or plain == fast


def test_the_fast_learner_matches_the_plain_one_on_a_slice_of_the_book():
    text = tk.book_parts()[0][:6000]
    corpus = tk.piece_counts(text)
    assert tk.learn_bpe_fast(corpus, 60) == tk.learn_bpe(corpus, 60)


def test_the_fast_encoder_matches_replaying_every_merge():
    merges = list(tk.book_merges())
    rank = {p: r for r, p in enumerate(merges)}
    pieces = sorted(set(tk.pretokenize(tk.unwrap(tk.book_parts()[1]))))
    rng = random.Random(0)
    for piece in rng.sample(pieces, 40) + [" lobster", " Quadrille", "'"]:
        word = tk.byte_symbols(piece)
        assert tk.encode_word_fast(word, merges, rank) == tk.encode_word(word, merges)


def test_utf8_lengths_by_hand():
    # a is ASCII; é is U+00E9 (2 bytes); € is U+20AC (3 bytes); 🙂 is U+1F642 (4 bytes).
    assert [len(tk.utf8_bytes(c)) for c in "aé€🙂"] == [1, 2, 3, 4]
    assert tk.utf8_bytes("é") == [0xC3, 0xA9]


def test_pieces_join_back_into_the_text():
    text = tk.unwrap(tk.DATA.read_text(encoding="utf-8"))
    assert "".join(tk.pretokenize(text)) == text
    for line in tk.SAMPLES.values():
        assert "".join(tk.pretokenize(line)) == line


def test_decoding_the_tokens_gives_back_the_text():
    merges = tk.book_merges()
    held = tk.book_parts()[1]
    assert tk.decode(tk.encode(held, merges)) == tk.unwrap(held)
    for line in tk.SAMPLES.values():
        assert tk.decode(tk.encode(line, merges)) == line


def test_zero_merges_means_one_token_per_byte():
    held = tk.book_parts()[1]
    assert len(tk.encode(held, [])) == len(tk.unwrap(held).encode("utf-8"))


def test_more_merges_never_lengthen_the_learned_text():
    learned = [a for _, a, _ in tk.curve()]
    assert all(x >= y for x, y in zip(learned, learned[1:]))


def test_no_tokenizer_goes_below_the_pieces_floor():
    for _, a, b in tk.curve():
        assert b >= tk.pieces_per_word(tk.book_parts()[1])
        assert a >= tk.pieces_per_word(tk.book_parts()[0])


def test_the_letter_class_counts_superscripts_as_letters():
    # The documented difference from \p{L}: ² is a number (No), yet [^\W\d_] matches it.
    assert re.fullmatch(r"[^\W\d_]", "²") and re.fullmatch(r"[^\W\d_]", "½")
    assert re.fullmatch(r"[^\W\d_]", "é")
    assert not re.fullmatch(r"[^\W\d_]", "7")


def test_the_book_is_ascii_so_the_letter_class_is_exact_there():
    assert tk.DATA.read_text(encoding="utf-8").isascii()


# --------------------------------------------------------------------------
# The page's numbers


def test_worked_example_against_hand_counts():
    t = tk.worked_example()
    # low 3 pairs x5, lower 5 x2, newest 6 x6, widest 6 x3: 15 + 10 + 36 + 18 = 79 pairs;
    # 4x5 + 6x2 + 7x6 + 7x3 = 95 symbols; after five merges 2x5 + 4x2 + 4x6 + 4x3 = 54 tokens.
    check(t, {"sum of counts": 79, "pairs": 79, "words": 16, "symbols": 95, "tokens": 54,
              "e s": 9, "w e": each(8, 2), "es t": 6 + 3, "w es": 6, "d es": 3,
              "starting symbols": 11, "vocabulary": 16, "symbols of lowest": 7,
              "tokens of lowest": 2, "count": each(9, 8, 7, 6, 5, 3, 2, 9, 9, 9, 7, 7),
              "next best": 7, "t </w>": 9, "o w": 7, "tie at": 9})


def test_byte_claims():
    check(tk.claims_bytes(), {"largest byte": 255, "ASCII characters": 128,
                              "bytes": each(1, 2, 3, 4), "GPT-2 vocabulary": 50_257})


def test_three_ways_against_separate_counts():
    learn, held = tk.book_parts()
    held_words = len(re.findall(r"\S+", held))
    held_bytes = len(re.sub(r"(?<!\n)\n(?!\n)", " ", held).encode())
    seen = set(re.findall(r"[A-Za-z]+", learn))                 # the book is ASCII
    new = re.findall(r"[A-Za-z]+", held)
    check(tk.claims_three_ways(), {
        "words learned from": len(re.findall(r"\S+", learn)), "words held out": held_words,
        "bytes per word": each(held_bytes / held_words, held_bytes / held_words),
        "distinct words": len(seen), "held-out words": len(new),
        "unknown": sum(w not in seen for w in new)})


def test_samples_and_the_constant_ratio_mistake():
    rows = tk.sample_rows()
    words = {name: len(line.split()) for name, line in tk.SAMPLES.items()}
    assert [w for _, w, _ in rows] == list(words.values())
    code_words = words["code"]
    check(tk.mistake_constant_ratio(), {"predicted": each(code_words * 4 / 3,
                                                          words["numbers"] * 4 / 3)})
    # The token counts are checked against a separate encoder further down.
    assert code_words * 4 / 3 == pytest.approx(12)


def test_tradeoff_by_hand():
    t = tk.claims_tradeoff()
    check(t, {"parameters": each(512 * 768, 3028 * 768)})
    tokens = [v for n, v in t if n == "tokens"]
    check(t, {"scores": each(tokens[0] * tokens[0], tokens[1] * tokens[1]),
              "parameter ratio": 3028 / 512,
              "attention ratio": (tokens[1] / tokens[0]) ** 2})


def test_exercises_by_hand():
    # tan x4, ant x3, pant x2: a n = 4 + 3 + 2; n t = 3 + 2; t </w> = 3 + 2.
    check(tk.exercise_first_merge(), {"a n": 9, "n t": 5, "t </w>": 5, "t a": 4, "p a": 2,
                                      "n </w>": 4, "top": 9})
    check(tk.exercise_order(), {"tokens": each(2, 4), "to": each(6, 2)})
    check(tk.exercise_bytes(), {"characters": 10, "bytes": 12, "tokens": 12,
                                "plain": each(8, 8), "two-byte": 2})
    check(tk.exercise_vocabulary(), {"extra": 32_000 * 1024, "scores": each(1_690_000, 1_210_000),
                                     "factor": 121 / 169})


def test_interview_numbers_by_hand():
    check(tk.claims_interview_perplexity(), {"A per word": each(3.9, 3.9), "B per word": each(3.63, 3.63),
                                             "A perplexity": math.exp(3.9),
                                             "B per token": math.exp(3.3)})
    check(tk.claims_interview_vocabulary(), {"small parameters": 131_072_000,
                                             "large parameters": 524_288_000})
    check(tk.claims_interview_novel(), {"tokens, rounded": 133_333, "tokens": 140_000})


def test_embedding_parameters_is_rows_times_columns():
    assert tk.embedding_parameters(3, 4) == 12


def test_transcripts_are_pure():
    for f in (tk.worked_example, tk.claims_ratio, tk.claims_samples):
        assert f() == f()


def test_count_tokens_equals_the_length_of_the_encoding():
    merges = tk.book_merges()[:300]
    held = tk.book_parts()[1]
    assert tk.count_tokens(held, merges) == len(tk.encode(held, merges))


def test_the_chapters_learned_from_hold_only_the_year_in_the_title_as_digits():
    learn = tk.book_parts()[0]
    assert re.findall(r"[0-9]+", learn) == ["1865"]
    check(tk.claims_samples(), {"digits learned from": 4})


# --------------------------------------------------------------------------
# The book's measured numbers, recomputed with separately written code: GPT-2's split pattern
# spelled out for ASCII, a learner that recounts bytes objects, and GPT-2's way of encoding
# (merge the lowest-ranked pair present, again and again) instead of replaying every merge.

GPT2_ASCII = re.compile(r" ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+")


def join_lines(text):
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def glue(word, pair):
    """Scan left to right; where the pair starts, take both symbols as one."""
    out, i = [], 0
    while i < len(word):
        if tuple(word[i:i + 2]) == pair:
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def by_lowest_rank(piece, rank):
    """GPT-2's encoder: merge the present pair of lowest rank until none is left."""
    word = tuple(bytes([b]) for b in piece.encode("utf-8"))
    while True:
        present = [p for p in zip(word, word[1:]) if p in rank]
        if not present:
            return list(word)
        word = glue(word, min(present, key=rank.get))


@pytest.fixture(scope="module")
def byte_rank():
    merges = [(a.encode("latin-1"), b.encode("latin-1")) for a, b in tk.book_merges()]
    return {pair: r for r, pair in enumerate(merges)}


def test_the_first_merges_of_the_book_match_a_recounting_learner():
    pieces = Counter(GPT2_ASCII.findall(join_lines(tk.book_parts()[0])))
    words = {tuple(bytes([b]) for b in p.encode()): n for p, n in pieces.items()}
    merges = []
    for _ in range(100):
        counts = Counter()
        for w, n in words.items():
            for pair in zip(w, w[1:]):
                counts[pair] += n
        top = max(counts.values())
        pair = min(p for p, n in counts.items() if n == top)
        merges.append(pair[0].decode() + "|" + pair[1].decode())
        words = {glue(w, pair): n for w, n in words.items()}
    assert merges == ["|".join(p) for p in tk.book_merges()[:100]]


def test_after_every_merge_no_pair_repeats_in_the_chapters_learned_from(byte_rank):
    # The learner stops when no pair occurs twice: encoding chapters I-IX must leave none.
    counts = Counter()
    for piece, n in Counter(GPT2_ASCII.findall(join_lines(tk.book_parts()[0]))).items():
        word = by_lowest_rank(piece, byte_rank)
        for pair in zip(word, word[1:]):
            counts[pair] += n
    assert max(counts.values()) < 2


def test_the_measured_ratios_against_a_separate_encoder(byte_rank):
    learn, held = tk.book_parts()
    held_words = len(held.split())
    held_pieces = GPT2_ASCII.findall(join_lines(held))
    tokens = sum(len(by_lowest_rank(p, byte_rank)) for p in held_pieces)
    first_256 = {pair: r for pair, r in byte_rank.items() if r < 256}
    tokens_256 = sum(len(by_lowest_rank(p, first_256)) for p in held_pieces)
    learned = sum(len(by_lowest_rank(p, byte_rank))
                  for p in GPT2_ASCII.findall(join_lines(learn)))
    floor = len(held_pieces) / held_words
    check(tk.claims_ratio(), {"floor": each(floor, floor, floor),
                              "held out": each(tokens_256 / held_words, tokens / held_words),
                              "learned from": learned / len(learn.split())})
    check(tk.claims_tradeoff(), {"tokens": each(round(1000 * tokens_256 / held_words),
                                                round(1000 * tokens / held_words))})


def test_the_sample_lines_against_a_separate_encoder(byte_rank):
    # GPT-2's split written with Unicode categories, for the accented French line.
    import unicodedata

    def split(line):
        kind = lambda ch: ("L" if unicodedata.category(ch)[0] == "L" else      # noqa: E731
                           "N" if unicodedata.category(ch)[0] == "N" else
                           "S" if ch.isspace() else "P")
        out = []
        for m in re.finditer(r" ?\S+|\s+", line):                # a space sticks to what follows
            chunk = m.group()
            lead = " " if chunk.startswith(" ") and len(chunk) > 1 else ""
            body = chunk[len(lead):]
            runs = [body[0]]
            for ch in body[1:]:
                if kind(ch) == kind(runs[-1][-1]):
                    runs[-1] += ch
                else:
                    runs.append(ch)
            out += [lead + runs[0]] + runs[1:]
        return out

    tokens = {name: sum(len(by_lowest_rank(p, byte_rank)) for p in split(line))
              for name, line in tk.SAMPLES.items()}
    words = {name: len(line.split()) for name, line in tk.SAMPLES.items()}
    names = list(tk.SAMPLES)
    check(tk.claims_samples(), {"tokens": each(*(tokens[n] for n in names)),
                                "per word": each(*[tokens[n] / words[n] for n in names],
                                                 *[tokens[n] / words[n] for n in names])})
    check(tk.mistake_constant_ratio(), {"actual": each(tokens["code"], tokens["numbers"]),
                                        "times as many": tokens["code"] / (words["code"] / 0.75)})
