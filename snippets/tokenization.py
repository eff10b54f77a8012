"""Tokenization: byte-pair encoding, learned and applied, in plain Python.

Run ``python snippets/tokenization.py`` to print the worked example of the page
"Tokenization"; ``python -m doctest snippets/tokenization.py`` runs the
examples in the docstrings.

Conventions: a *word* is a tuple of *symbols* (strings). A *corpus* is a dict
mapping each word to how often it occurs. A *merge* is a pair of symbols
``(a, b)``; merging it replaces every adjacent ``a, b`` by the one symbol
``a + b``. The end-of-word marker of the hand-worked example is ``"</w>"``.
For real text the symbols are bytes, each stored as the one character
``chr(byte)`` (so ``"".join(symbols).encode("latin-1")`` gives the bytes back).
"""
import functools
import heapq
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

END = "</w>"
DATA = Path(__file__).resolve().parent / "data" / "carroll-alice.txt"

# --8<-- [start:pairs]

def pair_counts(corpus):
    """How often each adjacent pair of symbols occurs, weighted by word counts.

    >>> pair_counts({("l", "o", "w"): 5, ("l", "o"): 2})
    Counter({('l', 'o'): 7, ('o', 'w'): 5})
    """
    counts = Counter()
    for word, n in corpus.items():
        for pair in zip(word, word[1:]):
            counts[pair] += n
    return counts


def merge_pair(word, pair):
    """Replace every adjacent (a, b) in ``word``, left to right, by a + b.

    >>> merge_pair(("e", "e", "e"), ("e", "e"))
    ('ee', 'e')
    """
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)
# --8<-- [end:pairs]

# --8<-- [start:learn]

def best_pair(counts):
    """The most frequent pair; a tie goes to the pair that sorts first.

    >>> best_pair(Counter({("s", "t"): 9, ("e", "s"): 9, ("w", "e"): 8}))
    ('e', 's')
    """
    top = max(counts.values())
    return min(pair for pair, n in counts.items() if n == top)


def learn_bpe(corpus, num_merges):
    """Learn up to ``num_merges`` merges; return them with their counts.

    >>> learn_bpe({("a", "b", "a", "b"): 3, ("a", "b"): 1}, 2)
    [(('a', 'b'), 7), (('ab', 'ab'), 3)]
    """
    corpus, merges = dict(corpus), []
    for _ in range(num_merges):
        counts = pair_counts(corpus)
        if not counts:
            break                      # every word is a single symbol
        pair = best_pair(counts)
        merges.append((pair, counts[pair]))
        corpus = {merge_pair(w, pair): n for w, n in corpus.items()}
    return merges
# --8<-- [end:learn]

# --8<-- [start:encode]

def encode_word(word, merges):
    """Split ``word`` with the learned merges, applied in the order learned.

    >>> encode_word(("l", "o", "w", "</w>"), [("l", "o"), ("lo", "w")])
    ('low', '</w>')
    """
    for pair in merges:
        word = merge_pair(word, pair)
    return word
# --8<-- [end:encode]

# --8<-- [start:utf8]

def utf8_bytes(text):
    """The UTF-8 bytes of ``text``, as numbers from 0 to 255.

    >>> utf8_bytes("é")
    [195, 169]
    """
    return list(text.encode("utf-8"))


def byte_symbols(text):
    """``text`` as a word of byte symbols, one character chr(b) per byte.

    >>> byte_symbols("né")
    ('n', 'Ã', '©')
    """
    return tuple(chr(b) for b in text.encode("utf-8"))
# --8<-- [end:utf8]

# --8<-- [start:pretokenize]
# A word with the space before it, a run of digits, a run of other marks,
# or white space. [^\W\d_] is stdlib re's closest match to "a letter".
PIECE = re.compile(r" ?[^\W\d_]+| ?\d+| ?[^\s\w]+| ?_+|\s+(?!\S)|\s+")


def pretokenize(text):
    """Cut text into pieces; BPE never merges across two pieces.

    >>> pretokenize("It's 42 degrees!")
    ['It', "'", 's', ' 42', ' degrees', '!']
    """
    return PIECE.findall(text)
# --8<-- [end:pretokenize]

# --8<-- [start:fast]

def learn_bpe_fast(corpus, num_merges, min_count=2):
    """learn_bpe with the pair counts updated, not recounted, after each merge.

    Same merges, same tie rule (a heap pops the smallest (-count, pair));
    stops early when no pair occurs ``min_count`` times.

    >>> learn_bpe_fast({("a", "b", "a", "b"): 3, ("a", "b"): 1}, 2)
    [(('a', 'b'), 7), (('ab', 'ab'), 3)]
    """
    words = [list(w) for w in corpus]
    freq = list(corpus.values())
    counts, where = Counter(), defaultdict(set)
    for i, w in enumerate(words):
        for pair in zip(w, w[1:]):
            counts[pair] += freq[i]
            where[pair].add(i)
    heap = [(-n, pair) for pair, n in counts.items()]
    heapq.heapify(heap)
    merges = []
    while heap and len(merges) < num_merges:
        neg, pair = heapq.heappop(heap)
        if counts.get(pair, 0) != -neg:
            continue                   # a stale entry: this count has changed
        if -neg < min_count:
            break
        merges.append((pair, -neg))
        changed = set()
        for i in where.pop(pair):
            old = words[i]
            new = list(merge_pair(tuple(old), pair))
            if new == old:
                continue
            for p in zip(old, old[1:]):
                counts[p] -= freq[i]
                changed.add(p)
            for p in zip(new, new[1:]):
                counts[p] += freq[i]
                where[p].add(i)
                changed.add(p)
            words[i] = new
        for p in changed:
            if counts[p] > 0:
                heapq.heappush(heap, (-counts[p], p))
            else:
                del counts[p]
    return merges


def encode_word_fast(word, merges, rank):
    """encode_word for many merges: jump to the next merge the word contains.

    ``rank`` maps each merge to its place in ``merges``. Merges the word
    lacks would change nothing, so skipping them gives the same result.

    >>> m = [("l", "o"), ("lo", "w")]
    >>> encode_word_fast(("l", "o", "w"), m, {p: r for r, p in enumerate(m)})
    ('low',)
    """
    last = -1
    while True:
        ahead = [rank[p] for p in zip(word, word[1:]) if rank.get(p, -1) > last]
        if not ahead:
            return word
        last = min(ahead)
        word = merge_pair(word, merges[last])
# --8<-- [end:fast]

# --8<-- [start:measure]

def unwrap(text):
    r"""Join the hard-wrapped lines of each paragraph with spaces.

    >>> unwrap("one\ntwo\n\nthree")
    'one two\n\nthree'
    """
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def piece_counts(text):
    """Each piece of the text as a word of byte symbols, with its count."""
    return Counter(byte_symbols(p) for p in pretokenize(unwrap(text)))


def encode(text, merges):
    """The tokens of ``text``: its pieces, each split by the merges."""
    rank = {pair: r for r, pair in enumerate(merges)}
    return [token for piece in pretokenize(unwrap(text))
            for token in encode_word_fast(byte_symbols(piece), merges, rank)]


def decode(tokens):
    """Glue the tokens' bytes back together and read them as UTF-8."""
    return "".join(tokens).encode("latin-1").decode("utf-8")


def count_words(text):
    """Words as people count them: runs of characters between spaces."""
    return len(text.split())


def count_tokens(text, merges):
    """len(encode(text, merges)), splitting each distinct piece once."""
    rank = {pair: r for r, pair in enumerate(merges)}
    return sum(n * len(encode_word_fast(word, merges, rank))
               for word, n in piece_counts(text).items())


def tokens_per_word(text, merges):
    """How many tokens the text needs for each of its words.

    >>> tokens_per_word("hi there", [])      # bytes only: 2 + 6 bytes
    4.0
    """
    return count_tokens(text, merges) / count_words(text)
# --8<-- [end:measure]

# --------------------------------------------------------------------------
# The data: a public-domain book, split into a part to learn from and a part
# to measure on.

MERGE_COUNTS = (0, 64, 128, 256, 512, 1024, 2048)   # plus "all" (see below)
BASE = 256                                          # one symbol per byte value
SAMPLES = {
    "English": "The children walked home slowly, talking about the strange day.",
    "code": "for i in range(len(xs)): total += xs[i] ** 2",
    "numbers": "Invoice 4471: 12 items at 3.75 each, total 45.00, due 2026-12-31.",
    "French": "Le garçon a mangé une pêche près de la fenêtre ouverte.",
}
EMBED_WIDTH = 768
RULE_OF_THUMB = 0.75                                # English words per token


@functools.lru_cache(maxsize=None)
def book_parts():
    """(learn, held_out): chapters I-IX, and chapters X-XII."""
    text = DATA.read_text(encoding="utf-8")
    cut = text.index("CHAPTER X.")
    return text[:cut], text[cut:]


@functools.lru_cache(maxsize=None)
def book_merges():
    """Every merge that occurs at least twice in chapters I-IX, in order."""
    learn, _ = book_parts()
    return tuple(pair for pair, _ in learn_bpe_fast(piece_counts(learn), 10**6))


def merge_counts():
    """The numbers of merges the measurements use, the largest last."""
    return (*MERGE_COUNTS, len(book_merges()))


@functools.lru_cache(maxsize=None)
def curve():
    """((vocabulary size, tokens per word learned on, held out), ...), one per size."""
    learn, held = book_parts()
    merges = book_merges()
    return tuple((BASE + m, tokens_per_word(learn, merges[:m]),
                  tokens_per_word(held, merges[:m])) for m in merge_counts())


def pieces_per_word(text):
    """The floor: no tokenizer that never merges across pieces goes below it."""
    return len(pretokenize(unwrap(text))) / count_words(text)


# --------------------------------------------------------------------------
# Transcripts: the numbers the page states, in reading order.

TOY = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
EXERCISE = {"tan": 4, "ant": 3, "pant": 2}


def with_end(word):
    """A word as characters plus the end-of-word marker.

    >>> with_end("low")
    ('l', 'o', 'w', '</w>')
    """
    return (*word, END)


def toy_corpus(words=TOY):
    return {with_end(w): n for w, n in words.items()}


def worked_example():
    """BPE by hand on low, lower, newest, widest; then encode 'lowest'."""
    corpus = toy_corpus()
    times = list(TOY.values())
    counts = pair_counts(corpus)
    c = lambda *p: counts[p]                                   # noqa: E731
    by_count = sorted(set(counts.values()), reverse=True)
    steps = learn_bpe(corpus, 5)
    merges = [pair for pair, _ in steps]
    after1 = pair_counts({merge_pair(w, merges[0]): n for w, n in corpus.items()})
    final = {encode_word(w, merges): n for w, n in corpus.items()}
    t = [("times", v) for v in times] + [("times", v) for v in times]
    t += [("newest", TOY["newest"]), ("widest", TOY["widest"]),
          ("newest", TOY["newest"]), ("widest", TOY["widest"]), ("e s", c("e", "s")),
          ("lower", TOY["lower"]), ("newest", TOY["newest"]), ("w e", c("w", "e"))]
    t += [("count", n) for n in by_count]
    t += [("sum of counts", sum(counts.values())), ("words", sum(times)),
          ("pairs", sum(n * (len(w) - 1) for w, n in corpus.items()))]
    t += [("merge", 1), ("count", steps[0][1]), ("tie at", c("s", "t")),
          ("es t", after1[("es", "t")]), ("w es", after1[("w", "es")]),
          ("d es", after1[("d", "es")]), ("w e", after1[("w", "e")])]
    t += [("merge", 2), ("count", steps[1][1]), ("t </w>", c("t", END))]
    t += [("merge", 3), ("count", steps[2][1]), ("next best", steps[3][1])]
    t += [("merge", 4), ("count", steps[3][1]), ("o w", c("o", "w"))]
    t += [("merge", 5), ("count", steps[4][1])]
    alphabet = {s for w in corpus for s in w}
    t += [("merges", len(merges)), ("starting symbols", len(alphabet)),
          ("new", len(merges)), ("vocabulary", len(alphabet) + len(merges))]
    t += [("times", v) for v in times]
    t += [("tokens", sum(len(w) * n for w, n in final.items())),
          ("symbols", sum(len(w) * n for w, n in corpus.items()))]
    word = with_end("lowest")
    t += [("symbols of lowest", len(word))]
    t += [("after merge", k) for k in range(1, len(merges) + 1)]
    t += [("tokens of lowest", len(encode_word(word, merges)))]
    return t


def claims_three_ways():
    """'Three ways to cut text': bytes and words on the book."""
    learn, held = book_parts()
    letters = re.compile(r"[^\W\d_]+")
    seen = set(letters.findall(learn))
    new = letters.findall(held)
    unknown = sum(w not in seen for w in new)
    bytes_per_word = tokens_per_word(held, [])
    return [("words learned from", count_words(learn)),
            ("words held out", count_words(held)),
            ("bytes per word", bytes_per_word), ("distinct words", len(seen)),
            ("pieces per word", pieces_per_word(held)), ("unknown", unknown),
            ("held-out words", len(new)), ("unknown share", unknown / len(new)),
            ("bytes per word", bytes_per_word), ("pieces per word", pieces_per_word(held))]


def claims_bytes():
    """'Byte-level BPE': UTF-8 lengths, and GPT-2's vocabulary."""
    gpt2_merges, special = 50_000, 1
    lengths = [len(utf8_bytes(ch)) for ch in "aé€🙂"]
    return [("largest byte", max(range(BASE))), ("ASCII bytes", len(utf8_bytes("a"))),
            ("ASCII characters", sum(len(utf8_bytes(chr(i))) == 1 for i in range(200))),
            ("other", 2), ("other", 3), ("other", 4), *[("bytes", n) for n in lengths],
            ("GPT-2 vocabulary", BASE + gpt2_merges + special),
            ("merges", gpt2_merges), ("special", special)]


def claims_ratio():
    """'How many words is a token?': the figure and its three findings."""
    learn, held = book_parts()
    rows = curve()
    merges = book_merges()
    floor = pieces_per_word(held)
    alt = [("start above", int(rows[0][2])), ("floor", floor), ("rule", 1 / RULE_OF_THUMB)]
    by_merges = dict(zip(merge_counts(), rows))
    return [("merges", len(merges)), *alt, *alt,
            ("bytes", rows[0][2]), ("vocabulary", by_merges[256][0]),
            ("held out", by_merges[256][2]), ("merges", len(merges)),
            ("vocabulary", rows[-1][0]), ("held out", rows[-1][2]),
            ("words per token", 1 / rows[-1][2]), ("learned from", rows[-1][1]),
            ("floor", floor), ("one", 1), ("rule", 1 / RULE_OF_THUMB)]


def sample_rows():
    """[(name, words, tokens)] for the four sample lines, with every merge."""
    merges = book_merges()
    return [(name, count_words(line), len(encode(line, merges)))
            for name, line in SAMPLES.items()]


def claims_samples():
    """'Why the ratio varies': the four lines."""
    rows = sample_rows()
    t = [("merges", len(book_merges()))]
    for _, words, tokens in rows:
        t += [("words", words), ("tokens", tokens), ("per word", tokens / words)]
    per_word = [("per word", tokens / words) for _, words, tokens in rows]
    digits = sum(ch.isdigit() for ch in book_parts()[0])
    t += per_word[:3] + [("digits learned from", digits)] + per_word[3:]
    t += [("bytes of an accented letter", len(utf8_bytes("é")))]
    return t


def mistake_constant_ratio():
    """Common mistake: words / 0.75 as the token count of any text."""
    rows = {name: (words, tokens) for name, words, tokens in sample_rows()}
    (cw, ct), (nw, nt) = rows["code"], rows["numbers"]
    return [("rule", RULE_OF_THUMB), ("rule", RULE_OF_THUMB), ("code words", cw),
            ("code words", cw),
            ("rule", RULE_OF_THUMB), ("predicted", cw / RULE_OF_THUMB), ("actual", ct),
            ("times as many", ct / (cw / RULE_OF_THUMB)), ("number words", nw),
            ("predicted", nw / RULE_OF_THUMB), ("actual", nt)]


def embedding_parameters(vocabulary_size, width):
    """Rows times columns of E.

    >>> embedding_parameters(50_257, 768)
    38597376
    """
    return vocabulary_size * width


def claims_tradeoff():
    """'Vocabulary size': parameters of E against tokens and attention scores."""
    by_merges = dict(zip(merge_counts(), curve()))
    small, large = by_merges[256], by_merges[len(book_merges())]
    t, n = [], {}
    for vocab, _, held in (small, large):
        n[vocab] = round(1000 * held)
        t += [("vocabulary", vocab), ("parameters", embedding_parameters(vocab, EMBED_WIDTH)),
              ("tokens", n[vocab]), ("scores", n[vocab] ** 2)]
    ratio = n[large[0]] / n[small[0]]
    t += [("parameter ratio", large[0] / small[0]), ("length ratio", ratio),
          ("attention ratio", ratio ** 2)]
    return t


def exercise_first_merge():
    """Exercise 1: pair counts of tan x4, ant x3, pant x2."""
    corpus = toy_corpus(EXERCISE)
    counts = pair_counts(corpus)
    (pair, top), = learn_bpe(corpus, 1)
    return [("exercise", 1), ("tan", 4), ("ant", 3), ("pant", 2),
            ("t a", counts[("t", "a")]), ("tan", 4), ("ant", 3), ("pant", 2),
            ("a n", counts[("a", "n")]), ("n </w>", counts[("n", END)]), ("ant", 3),
            ("pant", 2), ("n t", counts[("n", "t")]), ("ant", 3), ("pant", 2),
            ("t </w>", counts[("t", END)]), ("p a", counts[("p", "a")]), ("top", top)]


def exercise_order():
    """Exercise 2: encode 'tant' with the merges in order, then reversed."""
    merges = [pair for pair, _ in learn_bpe(toy_corpus(EXERCISE), 10)]
    word = with_end("tant")
    forward = encode_word(word, merges)
    backward = encode_word(word, merges[::-1])
    return [("exercise", 2), ("exercise", 1), ("merge", 1), ("merge", 2), ("merge", 3),
            ("from", 4), ("to", len(merges)), ("tokens", len(forward)),
            ("from", len(merges)), ("to", 2), ("merge", 1), ("tokens", len(backward))]


def exercise_bytes():
    """Exercise 3: the UTF-8 bytes of 'naïve café'."""
    text = "naïve café"
    plain = sum(len(utf8_bytes(ch)) == 1 for ch in text)
    two = sum(len(utf8_bytes(ch)) == 2 for ch in text)
    letters = sum(ch.isalpha() and len(utf8_bytes(ch)) == 1 for ch in text)
    return [("exercise", 3), ("UTF", 8), ("characters", len(text)), ("plain", plain),
            ("plain letters", letters), ("byte", 1),
            ("bytes each", 2), ("plain", plain), ("two-byte", two), ("bytes each", 2),
            ("bytes", len(utf8_bytes(text))), ("tokens", len(byte_symbols(text)))]


def exercise_vocabulary():
    """Exercise 4: embedding parameters and attention scores for two vocabularies."""
    width, small, large, n_small, n_large = 1024, 32_000, 64_000, 1300, 1100
    extra = embedding_parameters(large, width) - embedding_parameters(small, width)
    return [("exercise", 4), ("d", width), ("large", large), ("small", small),
            ("from", n_small), ("to", n_large), ("large", large), ("small", small),
            ("d", width), ("extra", extra), ("from", n_small), ("scores", n_small ** 2),
            ("to", n_large), ("scores", n_large ** 2), ("factor", (n_large / n_small) ** 2)]


def claims_interview_bytes():
    """Interview: byte-level BPE's cost, on the French and English lines."""
    rows = {name: tokens / words for name, words, tokens in sample_rows()}
    return [("byte values", BASE), ("UTF", 8), ("fewest bytes", 1), ("most bytes", 4),
            ("French", rows["French"]), ("English", rows["English"]),
            ("accented letter", len(utf8_bytes("é"))), ("CJK", len(utf8_bytes("猫")))]


def claims_interview_novel():
    """Interview: tokens in a 100,000-word novel."""
    words = 100_000
    floor = round(pieces_per_word(book_parts()[1]), 2)
    return [("words", words), ("rule", RULE_OF_THUMB), ("words", words),
            ("rule", RULE_OF_THUMB), ("tokens, rounded", round(words / RULE_OF_THUMB)), ("floor", floor), ("tokens", words * floor)]


def claims_interview_perplexity():
    """Interview: per-token losses of two tokenizers, compared per word."""
    a_loss, a_rate, b_loss, b_rate = 3.0, 1.3, 3.3, 1.1
    a_word, b_word = a_loss * a_rate, b_loss * b_rate
    return [("A loss", a_loss), ("A rate", a_rate), ("B loss", b_loss), ("B rate", b_rate),
            ("A loss", a_loss), ("A rate", a_rate), ("A per word", a_word),
            ("B loss", b_loss), ("B rate", b_rate), ("B per word", b_word),
            ("A per word", a_word), ("A perplexity", np.exp(a_word)),
            ("B per word", b_word), ("B perplexity", np.exp(b_word)),
            ("A loss", a_loss), ("A per token", np.exp(a_loss)),
            ("B loss", b_loss), ("B per token", np.exp(b_loss))]


def claims_interview_vocabulary():
    """Interview: a bigger vocabulary, in parameters and in tokens per word."""
    width, small, large = 4096, 32_000, 128_000
    by_merges = dict(zip(merge_counts(), curve()))
    last = len(book_merges())
    return [("d", width), ("small", small), ("large", large),
            ("small parameters", embedding_parameters(small, width)),
            ("large parameters", embedding_parameters(large, width)),
            ("merges", 256), ("bytes", by_merges[0][2]), ("after 256", by_merges[256][2]),
            ("last merges", last - 2048), ("after 2048", by_merges[2048][2]),
            ("after all", by_merges[last][2])]


def claims_takeaways():
    """Key takeaways: UTF-8 lengths outside ASCII."""
    lengths = [len(utf8_bytes(ch)) for ch in "é€🙂"]
    return [("fewest", min(lengths)), ("most", max(lengths))]


def main():
    """Print the worked example as a transcript, and the measured curve."""
    print("# Byte-pair encoding by hand")
    for name, value in worked_example():
        print(f"{name:>20} = {value}")
    print("# Tokens per word on the book (vocabulary, learned from, held out)")
    for vocab, learned, held in curve():
        print(f"{vocab:>20} = {learned:.2f}, {held:.2f}")


if __name__ == "__main__":
    main()
