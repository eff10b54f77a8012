"""t-SNE from scratch, in NumPy: affinities, perplexity, the cost and its gradient.

Run ``python snippets/tsne_and_umap.py`` to print every number of the page
"t-SNE and UMAP"; ``python -m doctest snippets/tsne_and_umap.py`` runs the
examples in the docstrings.

Conventions: the data are the rows of ``X`` (n points), the map points the rows
of ``U`` (n points in two dimensions; the page writes them upsilon, most texts
y). Logs are natural, so an entropy is in nats and a perplexity is e to the
entropy (the same number as two to the entropy in bits). Matrices of pairs have
zeros on the diagonal: a point is never its own neighbour.
"""
import functools
import math

import numpy as np

from probability import entropy, kl_divergence

# --8<-- [start:affinities]

def squared_distances(X):
    """Matrix of ||x_i - x_j||^2 over all pairs of rows of X.

    >>> squared_distances(np.array([[0.0, 0.0], [3.0, 4.0]]))
    array([[ 0., 25.],
           [25.,  0.]])
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be one point per row, got shape {X.shape}")
    diff = X[:, None, :] - X[None, :, :]
    return np.sum(diff ** 2, axis=-1)


def p_given_i(D2, i, s):
    """p_{j|i}: a Gaussian of width s around point i, over the other points.

    >>> np.round(p_given_i(np.array([[0.0, 1.0, 4.0]] * 3), 0, 1.0), 4)
    array([0.    , 0.8176, 0.1824])
    """
    if s <= 0:
        raise ValueError(f"the width s must be positive, got {s}")
    logits = -np.asarray(D2[i], dtype=float) / (2 * s * s)
    logits[i] = -np.inf                     # a point is not its own neighbour
    e = np.exp(logits - np.max(logits))     # shift: no overflow, same ratios
    return e / e.sum()


def perplexity(p):
    """e^H(p), H in nats: the effective number of neighbours.

    >>> round(perplexity([0.5, 0.5, 0.0]), 6), round(perplexity([1/3] * 3), 6)
    (2.0, 3.0)
    """
    return math.exp(entropy(p))
# --8<-- [end:affinities]

# --8<-- [start:bisection]

def find_width(D2, i, target, lo=0.0, hi=None, steps=50):
    """s_i with perplexity(p_{.|i}) = target, by bisection on [lo, hi].

    Returns s_i and one row (lo, hi, s, perplexity) per step. Perplexity
    grows with s, so too few neighbours means s is too small. Without hi,
    hi doubles from 1 until it is wide enough.

    >>> D2 = np.array([[0.0, 1.0, 4.0]] * 3)
    >>> s, rows = find_width(D2, 0, 1.5)
    >>> round(s, 4), round(perplexity(p_given_i(D2, 0, s)), 6), len(rows)
    (0.9096, 1.5, 50)
    """
    if not 1 < target < len(D2) - 1:
        raise ValueError(f"perplexity must lie between 1 and n - 1 = "
                         f"{len(D2) - 1}, got {target}")
    if hi is None:
        hi = 1.0
        while perplexity(p_given_i(D2, i, hi)) < target:
            hi *= 2
    rows = []
    for _ in range(steps):
        s = (lo + hi) / 2
        perp = perplexity(p_given_i(D2, i, s))
        rows.append((lo, hi, s, perp))
        if perp < target:
            lo = s          # too few neighbours: widen
        else:
            hi = s          # too many: narrow
    return (lo + hi) / 2, rows
# --8<-- [end:bisection]

# --8<-- [start:joint]

def joint_p(X, target):
    """p_ij = (p_{j|i} + p_{i|j}) / 2n, each row with its own width s_i.

    >>> P = joint_p(np.array([[0.0], [1.0], [3.0]]), 1.5)
    >>> float(round(P.sum(), 12)), bool(np.allclose(P, P.T))
    (1.0, True)
    """
    D2 = squared_distances(X)
    n = len(D2)
    cond = np.array([p_given_i(D2, i, find_width(D2, i, target)[0])
                     for i in range(n)])      # row i holds p_{j|i}
    return (cond + cond.T) / (2 * n)
# --8<-- [end:joint]

# --8<-- [start:q]

def q_matrix(U):
    """q_ij = (1 + ||u_i - u_j||^2)^-1 / sum over all pairs k != l of the same.

    >>> Q = q_matrix(np.array([[0.0], [1.0], [3.0]]))
    >>> float(round(Q[0, 1], 4)), float(round(Q.sum(), 12))
    (0.3125, 1.0)
    """
    sim = 1.0 / (1.0 + squared_distances(U))
    np.fill_diagonal(sim, 0.0)               # pairs k != l only
    return sim / sim.sum()                   # one normaliser: every pair
# --8<-- [end:q]

# --8<-- [start:cost]

def kl_cost(P, Q):
    """L = KL(p || q) = sum over pairs i != j of p_ij log(p_ij / q_ij)."""
    return kl_divergence(np.ravel(P), np.ravel(Q))


def tsne_gradient(P, U):
    """dL/du_i = 4 sum_j (p_ij - q_ij)(u_i - u_j) / (1 + ||u_i - u_j||^2).

    >>> P = np.array([[0.0, 0.5], [0.5, 0.0]])
    >>> tsne_gradient(P, np.array([[0.0], [1.0]]))   # p = q: no force
    array([[0.],
           [0.]])
    """
    U = np.asarray(U, dtype=float)
    sim = 1.0 / (1.0 + squared_distances(U))
    np.fill_diagonal(sim, 0.0)
    force = (P - sim / sim.sum()) * sim      # (p_ij - q_ij)(1 + d_ij^2)^-1
    # sum_j force_ij (u_i - u_j) = u_i sum_j force_ij - sum_j force_ij u_j
    return 4 * (np.sum(force, axis=1)[:, None] * U - force @ U)
# --8<-- [end:cost]

# --8<-- [start:run]

def tsne(X, target, steps=2000, lr=5.0, exaggeration=4.0,
         exaggerated_steps=100, seed=0):
    """Plain gradient descent on KL(p || q), from a tiny random start.

    For the first steps p is multiplied by ``exaggeration`` (clusters form
    first). Returns the map points and the true cost after every step.
    """
    P = joint_p(X, target)
    rng = np.random.default_rng(seed)
    U = 1e-4 * rng.standard_normal((len(P), 2))
    costs = []
    for step in range(steps):
        boost = exaggeration if step < exaggerated_steps else 1.0
        U = U - lr * tsne_gradient(boost * P, U)
        costs.append(kl_cost(P, q_matrix(U)))
    return U, np.array(costs)
# --8<-- [end:run]


# ---------------------------------------------------------------------------
# Worked examples: four points in the plane

EX_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 3.0]])
EX_TARGET = 2.0
EX_HI = 4.0                       # the bisection starts on [0, 4]
EX_ROWS = 8                       # bisection steps the page shows
EX_U = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def example_affinities():
    """Every point's width s_i, the matrix of p_{j|i} (row i) and p_ij."""
    D2 = squared_distances(EX_X)
    n = len(D2)
    widths = np.array([find_width(D2, i, EX_TARGET, 0.0, EX_HI)[0]
                       for i in range(n)])
    cond = np.array([p_given_i(D2, i, widths[i]) for i in range(n)])
    return D2, widths, cond, (cond + cond.T) / (2 * n)


def worked_example_width():
    """Bisection for the width of point 1 (index 0), step by step."""
    D2 = squared_distances(EX_X)
    s, rows = find_width(D2, 0, EX_TARGET, 0.0, EX_HI)
    _, widths, cond, _ = example_affinities()
    first = rows[0][2]
    e = np.exp(-D2[0, 1:] / (2 * first ** 2))
    p = e / e.sum()
    t = [("point", 1), ("x", EX_X), ("target", EX_TARGET), ("point", 1),
         ("squared distances", D2[0, 1:]), ("lo", 0.0), ("hi", EX_HI)]
    t += [("s", first), ("2", 2), ("2 s^2", 2 * first ** 2),
          ("exponents", -D2[0, 1:] / (2 * first ** 2)), ("e", e), ("sum", e.sum()),
          ("p", p), ("H", entropy(p)), ("H", entropy(p)), ("perplexity", perplexity(p)),
          ("target", EX_TARGET)]
    for k, (lo, hi, mid, perp) in enumerate(rows[:EX_ROWS], start=1):
        t += [("step", k), ("lo", lo), ("hi", hi), ("s", mid), ("perplexity", perp)]
    t += [("steps", EX_ROWS), ("width", EX_HI / 2 ** EX_ROWS),
          ("steps", len(rows)), ("s_1", s), ("p row 1", cond[0, 1:]),
          ("H", entropy(cond[0])), ("perplexity", perplexity(cond[0]))]
    t += [("widths", widths), ("point", 4)]
    return t


def worked_example_cost():
    """p_ij, q_ij on a square map, the cost, and the gradient of point 4."""
    _, _, cond, P = example_affinities()
    n = len(P)
    sim = 1.0 / (1.0 + squared_distances(EX_U))
    np.fill_diagonal(sim, 0.0)
    Q = q_matrix(EX_U)
    G = tsne_gradient(P, EX_U)
    side, diagonal = sim[0, 1], sim[0, 3]
    t = [("conditional", cond), ("2", 2), ("2n", 2 * n), ("2n", 2 * n),
         ("p_{2|1}", cond[0, 1]), ("p_{1|2}", cond[1, 0]), ("2n", 2 * n),
         ("p_12", P[0, 1]), ("P", P), ("sum", P.sum())]
    t += [("u", EX_U),
          ("side d^2", 1), ("one", 1), ("side d^2", 1), ("power", -1), ("side sim", side),
          ("diagonal d^2", 2), ("one", 1), ("diagonal d^2", 2), ("power", -1),
          ("diagonal sim", diagonal),
          ("side pairs", int(np.sum(sim == side))), ("side sim", side),
          ("diagonal pairs", int(np.sum(sim == diagonal))), ("diagonal sim", diagonal),
          ("normaliser", sim.sum()),
          ("q side", Q[0, 1]), ("q diagonal", Q[0, 3]), ("Q sum", Q.sum())]
    t += [("cost", kl_cost(P, Q)), ("point", 4), ("4", 4), ("one", 1), ("power", -1)]
    # The gradient of point 4 (index 3), one neighbour at a time.
    for j in range(3):
        term = 4 * (P[3, j] - Q[3, j]) * sim[3, j] * (EX_U[3] - EX_U[j])
        t += [("j", j + 1), ("p", P[3, j]), ("q", Q[3, j]), ("sim", sim[3, j]),
              ("u_4 - u_j", EX_U[3] - EX_U[j]), ("term", term)]
    t += [("gradient 4", G[3]), ("point", 4), ("gradient", G)]
    h = 1e-5

    def cost_at(x):
        U = EX_U.copy()
        U[3, 0] = x
        return kl_cost(P, q_matrix(U))
    plus, minus = cost_at(EX_U[3, 0] + h), cost_at(EX_U[3, 0] - h)
    t += [("h", h), ("central difference", (plus - minus) / (2 * h)),
          ("analytic", G[3, 0])]
    return t


# ---------------------------------------------------------------------------
# A small run: three clusters in ten dimensions

CLUSTERS_PER, CLUSTERS_D = 20, 10
CLUSTER_SHIFTS = (0.0, 10.0, 40.0)      # centres along the first axis
CLUSTER_SPREADS = (0.5, 2.0, 0.5)       # standard deviation per coordinate
RUN_TARGET, RUN_LR, RUN_STEPS = 10.0, 5.0, 2000
RUN_EXAGGERATION, RUN_EXAGGERATED = 4.0, 100
COMPARE_TARGETS = (5.0, 20.0)


def three_clusters(seed=0):
    """Points of three Gaussian clusters: A tight, B four times looser, C tight
    and far. Returns the points and each point's cluster (0, 1, 2)."""
    rng = np.random.default_rng(seed)
    blocks = []
    for shift, spread in zip(CLUSTER_SHIFTS, CLUSTER_SPREADS):
        centre = np.zeros(CLUSTERS_D)
        centre[0] = shift
        blocks.append(centre + spread * rng.standard_normal((CLUSTERS_PER, CLUSTERS_D)))
    return np.vstack(blocks), np.repeat(np.arange(3), CLUSTERS_PER)


def cluster_summary(Z, labels):
    """Each cluster's radius (root mean squared distance to its centre) and
    the distances between centres A-B, A-C, B-C."""
    centres = np.array([Z[labels == c].mean(axis=0) for c in range(3)])
    radii = np.array([np.sqrt(np.mean(np.sum((Z[labels == c] - centres[c]) ** 2, axis=1)))
                      for c in range(3)])
    gaps = np.array([np.linalg.norm(centres[a] - centres[b])
                     for a, b in ((0, 1), (0, 2), (1, 2))])
    return radii, gaps


@functools.lru_cache(maxsize=None)
def run(target):
    """The page's t-SNE run at one perplexity (cached: figures reuse it)."""
    X, _ = three_clusters()
    return tsne(X, target, RUN_STEPS, RUN_LR, RUN_EXAGGERATION, RUN_EXAGGERATED)


def mean_widths(target):
    """The average width s_i in each cluster, at one perplexity."""
    X, labels = three_clusters()
    D2 = squared_distances(X)
    s = np.array([find_width(D2, i, target)[0] for i in range(len(X))])
    return np.array([s[labels == c].mean() for c in range(3)])


def claims_run():
    """The run behind the first figure (region of the page)."""
    _, costs = run(RUN_TARGET)
    n = 3 * CLUSTERS_PER
    widths = mean_widths(RUN_TARGET)
    X, labels = three_clusters()
    data_radii = cluster_summary(X, labels)[0]
    map_radii = cluster_summary(run(RUN_TARGET)[0], labels)[0]
    return [("n", n), ("spread A", CLUSTER_SPREADS[0]),
            ("width B", widths[1]), ("width A", widths[0]), ("width C", widths[2]),
            ("start", 1e-4), ("cost step 1", costs[0]),
            ("cost step 100", costs[RUN_EXAGGERATED - 1]), ("cost final", costs[-1]),
            ("points, light alt", n), ("points, dark alt", n),
            ("radius B / A, map", map_radii[1] / map_radii[0]),
            ("radius B / A, data", data_radii[1] / data_radii[0])]


def claims_distances():
    """Sizes and gaps: the data against two maps (region of the page)."""
    X, labels = three_clusters()
    t = []
    rows = [cluster_summary(X, labels)]
    for target in COMPARE_TARGETS:
        rows.append(cluster_summary(run(target)[0], labels))
    for k in range(3):                   # radius A, B, C: data, map 5, map 20
        t += [(f"radius {k}", np.array([r[0][k] for r in rows]))]
    for k in range(3):                   # gap A-B, A-C, B-C
        t += [(f"gap {k}", np.array([r[1][k] for r in rows]))]
    size = np.array([r[0][1] / r[0][0] for r in rows])
    gap = np.array([r[1][1] / r[1][0] for r in rows])
    t += [("radius B / A", size), ("gap A-C / A-B", gap)]
    t += [("size ratio, data", size[0]), ("size ratio, low", size[1]),
          ("gap ratio, data", gap[0]), ("gap ratio, low", gap[1]),
          ("gap ratio, high", gap[2])]
    return t


# ---------------------------------------------------------------------------
# Common mistakes

def q_per_point(U):
    """The unbound normaliser: each row divided by its own sum (wrong)."""
    sim = 1.0 / (1.0 + squared_distances(U))
    np.fill_diagonal(sim, 0.0)
    return sim / sim.sum(axis=1, keepdims=True)


def mistake_normaliser():
    """A per-point normaliser: the 'q' adds up to n and the 'KL' goes negative."""
    _, _, _, P = example_affinities()
    wrong, right = q_per_point(EX_U), q_matrix(EX_U)
    off = ~np.eye(len(P), dtype=bool)
    wrong_kl = float(np.sum(P[off] * np.log(P[off] / wrong[off])))
    sim = 1.0 / (1.0 + squared_distances(EX_U))
    np.fill_diagonal(sim, 0.0)
    return [("one", 1), ("power", -1),
            ("row sum", sim[0].sum()), ("side", wrong[0, 1]), ("diagonal", wrong[0, 3]),
            ("total", wrong.sum()), ("wrong KL", wrong_kl),
            ("total", right.sum()), ("KL", kl_cost(P, right))]


def mistake_perplexity_base():
    """Perplexity as 2^H with H in nats: the bisection aims at e neighbours."""
    D2 = squared_distances(EX_X)
    right, _ = find_width(D2, 0, EX_TARGET, 0.0, EX_HI)
    # 2^(H in nats) = 2 means H = 1 nat, i.e. a true perplexity of e.
    wrong, _ = find_width(D2, 0, math.e, 0.0, EX_HI)
    p = p_given_i(D2, 0, wrong)
    return [("target", EX_TARGET), ("H nats", entropy(p)), ("s wrong", wrong),
            ("point", 1), ("H nats", entropy(p)), ("perplexity", perplexity(p)),
            ("base", 2), ("s right", right), ("target", EX_TARGET)]


# ---------------------------------------------------------------------------
# Exercises

EX1_P = (0.5, 0.25, 0.25)


def exercise_perplexity():
    """The perplexity of one row of p_{j|i}."""
    H = entropy(EX1_P)
    return [("exercise", 1), ("p", np.array(EX1_P)),
            ("surprises", -np.log(EX1_P)), ("H", H), ("H", H),
            ("perplexity", perplexity(EX1_P)), ("bits", entropy(EX1_P, 2)),
            ("base", 2), ("bits", entropy(EX1_P, 2)), ("2^bits", 2 ** entropy(EX1_P, 2))]


def exercise_symmetrise():
    """p_12 from p_{2|1} and p_{1|2}."""
    n, a, b = 4, 0.7, 0.1
    return [("exercise", 2), ("n", n), ("p_{2|1}", a), ("p_{1|2}", b),
            ("2", 2), ("sum", a + b), ("2n", 2 * n), ("p_12", (a + b) / (2 * n)),
            ("plain average", (a + b) / 2), ("2", 2)]


EX3_U = np.array([[0.0], [1.0], [3.0]])


def exercise_q():
    """q_ij for three map points on a line."""
    D2 = squared_distances(EX3_U)
    sim = 1.0 / (1.0 + D2)
    np.fill_diagonal(sim, 0.0)
    Q = q_matrix(EX3_U)
    pairs = ((0, 1), (0, 2), (1, 2))
    t = [("exercise", 3), ("u", EX3_U[:, 0])]
    for a, b in pairs:
        t += [("pair", np.array([a + 1, b + 1])), ("d^2", D2[a, b]), ("sim", sim[a, b])]
    t += [("ordered pairs", 6), ("normaliser", sim.sum())]
    t += [("q", np.array([Q[a, b] for a, b in pairs]))]
    t += [("check", 2 * sum(Q[a, b] for a, b in pairs))]
    return t


def exercise_tails():
    """Student-t against a Gaussian at map distances 1 and 3."""
    t = [("exercise", 4), ("one", 1), ("power", -1), ("half", 2), ("d", 1), ("d", 3)]
    for d in (1.0, 3.0):
        student, gauss = 1 / (1 + d * d), math.exp(-d * d / 2)
        t += [("distance", d), ("student", student), ("gauss", gauss),
              ("ratio", student / gauss)]
    return t


def claims_tails():
    """The heavy tail at map distance 3 (region of the page)."""
    student, gauss = 1 / (1 + 9.0), math.exp(-9.0 / 2)
    return [("student", student), ("ratio", student / gauss), ("gauss", gauss)]


# ---------------------------------------------------------------------------
# Interview answers

BIG_N = 100_000


def claims_interview():
    """Numbers in the interview answers, in reading order."""
    n = BIG_N
    return [("n", n), ("ordered pairs", n * (n - 1)), ("bytes a float", 8),
            ("bytes a float", 8), ("bytes", n * n * 8), ("GB", n * n * 8 / 1e9)]


def main():
    """Print each transcript, one (name, value) a line."""
    for transcript in TRANSCRIPTS:
        print(f"# {transcript.__name__}")
        for name, value in transcript():
            print(f"  {name} = {np.round(np.asarray(value, dtype=float), 5).tolist()}")
        print()


EXAMPLES = (worked_example_width, worked_example_cost)
EXERCISES = (exercise_perplexity, exercise_symmetrise, exercise_q, exercise_tails)
TRANSCRIPTS = EXAMPLES + EXERCISES + (mistake_normaliser, mistake_perplexity_base,
                                      claims_tails, claims_run, claims_distances,
                                      claims_interview)

if __name__ == "__main__":
    main()
