"""Figures of the page "Tokenization"."""
from tokenization import RULE_OF_THUMB, book_parts, curve, pieces_per_word


def ratio(fig, pal):
    """Tokens per word against vocabulary size, on the chapters learned from and held out."""
    fig.set_size_inches(7.6, 4.2)
    ax = fig.add_subplot(1, 1, 1)
    rows = curve()
    vocab = [v for v, _, _ in rows]
    learned = [a for _, a, _ in rows]
    held = [b for _, _, b in rows]
    floor = pieces_per_word(book_parts()[1])
    ax.plot(vocab, held, "o-", color=pal.series[1], lw=2, ms=5,
            label="held out (chapters X–XII)")
    ax.plot(vocab, learned, "s--", color=pal.series[0], lw=2, ms=5,
            label="learned from (chapters I–IX)")
    ax.axhline(floor, color=pal.series[2], lw=1.4, ls=":")
    ax.text(vocab[0], floor + 0.05, f"floor: {floor:.2f} pieces per word, held out",
            ha="left", va="bottom", fontsize=9, color=pal.series[2])
    rule = 1 / RULE_OF_THUMB
    ax.axhline(rule, color=pal.muted, lw=1.0, ls="-.")
    ax.text(vocab[0], rule - 0.08, f"rule of thumb: {rule:.2f} tokens per word",
            ha="left", va="top", fontsize=9, color=pal.muted)
    ax.annotate(f"{held[-1]:.2f}", xy=(vocab[-1], held[-1]), xytext=(0, 8),
                textcoords="offset points", ha="center", fontsize=9, color=pal.series[1])
    ax.annotate(f"{held[0]:.2f}", xy=(vocab[0], held[0]), xytext=(8, 0),
                textcoords="offset points", va="center", fontsize=9, color=pal.series[1])
    ax.set_xscale("log", base=2)
    ax.set_xticks(vocab)
    ax.set_xticklabels([f"{v:,}" for v in vocab], fontsize=8)
    ax.minorticks_off()
    ax.set_xlim(vocab[0] / 1.12, vocab[-1] * 1.12)
    ax.set_ylim(0.9, 6.0)
    ax.set_xlabel("vocabulary size (256 bytes + merges), log scale")
    ax.set_ylabel("tokens per word")
    ax.set_title("Byte-level BPE learned on Alice in Wonderland", fontsize=11, color=pal.fg)
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9)
    fig.tight_layout()


FIGURES = {
    "tokenization-ratio": ratio,
}
