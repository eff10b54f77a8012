"""Principal component analysis, in NumPy: centring, covariance, eigenvectors, the SVD route.

Run ``python snippets/pca.py`` to print every worked example of the page
"Principal component analysis"; ``python -m doctest snippets/pca.py`` runs the
examples in the docstrings.

Conventions: a data set is a matrix ``X`` of shape ``(n, d)``, one example per
row and one feature per column. The covariance divides by n - 1 (the sample
covariance). Eigenvalues are sorted from the largest down, eigenvectors are the
columns of ``Q`` (unit length), and each eigenvector's sign is fixed so that its
first entry that is not (nearly) zero is positive: an eigenvector times -1 is
just as good, and without a rule the two routes could disagree on signs only.
"""
import numpy as np

# --8<-- [start:centre]

def centre(X):
    """Subtract each feature's mean: X_c = X - mu, and mu itself.

    >>> Xc, mu = centre(np.array([[1.0, 2.0], [3.0, 6.0]]))
    >>> Xc, mu
    (array([[-1., -2.],
           [ 1.,  2.]]), array([2., 4.]))
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"X needs shape (n, d) with n >= 2, got {X.shape}")
    mu = X.mean(axis=0)
    return X - mu, mu


def covariance(X):
    """Sigma = X_c^T X_c / (n - 1): the features' variances and covariances.

    >>> covariance(np.array([[1.0, 2.0], [3.0, 6.0]]))
    array([[2., 4.],
           [4., 8.]])
    """
    Xc, _ = centre(X)
    return Xc.T @ Xc / (len(Xc) - 1)
# --8<-- [end:centre]

# --8<-- [start:components]

def fix_signs(Q):
    """Flip each column so that its first nonzero entry is positive.

    >>> fix_signs(np.array([[0.0, -0.6], [-1.0, 0.8]]))
    array([[-0. ,  0.6],
           [ 1. , -0.8]])
    """
    Q = np.array(Q, dtype=float)
    first = np.argmax(np.abs(Q) > 1e-9, axis=0)
    return Q * np.sign(Q[first, np.arange(Q.shape[1])])


def pca_eig(X):
    """Eigenvalues c (largest first) and eigenvectors Q (columns) of Sigma.

    >>> c, Q = pca_eig(np.array([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]]))
    >>> c.round(12), Q.round(4)
    (array([8., 0.]), array([[ 0.7071,  0.7071],
           [ 0.7071, -0.7071]]))
    """
    c, Q = np.linalg.eigh(covariance(X))     # eigh: ascending order
    order = np.argsort(c)[::-1]              # so reverse it: largest first
    return c[order], fix_signs(Q[:, order])


def pca_svd(X):
    """The same from the SVD X_c = U Gamma Q^T: c_j = Gamma_jj^2 / (n - 1).

    Never forms X_c^T X_c. Returns (c, Q, singular values).

    >>> c, Q, g = pca_svd(np.array([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]]))
    >>> g.round(4), c.round(12)
    (array([4., 0.]), array([8., 0.]))
    """
    Xc, _ = centre(X)
    _, g, Qt = np.linalg.svd(Xc, full_matrices=False)   # g: largest first
    return g ** 2 / (len(Xc) - 1), fix_signs(Qt.T), g
# --8<-- [end:components]

# --8<-- [start:choose]

def explained_variance_ratio(c):
    """Each eigenvalue's share of the total variance, c_j / (c_1 + ... + c_d).

    >>> explained_variance_ratio(np.array([9.0, 1.0]))
    array([0.9, 0.1])
    """
    c = np.asarray(c, dtype=float)
    if np.any(c < -1e-12 * max(1.0, float(np.abs(c).max()))):
        raise ValueError("a covariance's eigenvalues cannot be negative")
    return c / c.sum()


def choose_k(c, threshold=0.95):
    """The smallest k whose first k components explain at least `threshold`.

    >>> choose_k(np.array([6.0, 3.0, 0.6, 0.4]))   # 0.6, 0.9, 0.96, 1.0
    3
    """
    cumulative = np.cumsum(explained_variance_ratio(c))
    return int(np.searchsorted(cumulative, threshold - 1e-12) + 1)
# --8<-- [end:choose]

# --8<-- [start:project]

def project(X, mu, Q, k):
    """The codes (X - mu) Q_k: k numbers per example, one per component."""
    return (np.asarray(X, dtype=float) - mu) @ Q[:, :k]


def reconstruct(codes, mu, Q):
    """Back to the d features: mu + codes Q_k^T (k = the codes' columns)."""
    k = codes.shape[1]
    return mu + codes @ Q[:, :k].T


def reconstruction_error(X, X_rec):
    """Squared distances from the examples to their reconstructions, summed
    and divided by n - 1, the covariance's divisor. With it, the error of
    keeping k components is exactly the sum of the discarded eigenvalues.

    >>> X = np.array([[0.0, 1.0], [0.0, -1.0]])
    >>> reconstruction_error(X, np.zeros((2, 2)))
    2.0
    """
    R = np.asarray(X, dtype=float) - X_rec
    return float((R * R).sum() / (len(R) - 1))
# --8<-- [end:project]

# --8<-- [start:whiten]

def whiten(X):
    """Rotate onto the components and divide each by its standard deviation:
    the result has covariance I. Needs every eigenvalue above zero.

    >>> W = whiten(np.array([[0.0, 0.0], [2.0, 1.0], [4.0, 5.0], [6.0, 2.0]]))
    >>> np.allclose(covariance(W), np.eye(2))
    True
    """
    c, Q = pca_eig(X)
    if c[-1] <= 1e-12 * c[0]:
        raise ValueError("a component has (almost) zero variance")
    Xc, _ = centre(X)
    return Xc @ Q / np.sqrt(c)
# --8<-- [end:whiten]

# --8<-- [start:gram]

def pca_gram(X, tol=1e-10):
    """PCA for d > n: eigenvectors u of the (n x n) matrix X_c X_c^T give
    q = X_c^T u / ||X_c^T u||. Returns the non-zero eigenvalues and their q.

    >>> c, Q = pca_gram(np.array([[0.0, 0.0, 1.0], [2.0, 2.0, 1.0]]))
    >>> c.round(12), Q.ravel().round(4)
    (array([4.]), array([0.7071, 0.7071, 0.    ]))
    """
    Xc, _ = centre(X)
    vals, U = np.linalg.eigh(Xc @ Xc.T)       # n x n, ascending
    order = np.argsort(vals)[::-1]
    vals, U = vals[order], U[:, order]
    keep = vals > tol * max(vals[0], 1.0)     # centring leaves at most n - 1
    Q = Xc.T @ U[:, keep] / np.sqrt(vals[keep])
    return vals[keep] / (len(Xc) - 1), fix_signs(Q)
# --8<-- [end:gram]

# --8<-- [start:wrong]

def uncentred_components(X):
    """The mistake: eigenvectors of X^T X / (n - 1), the mean left in."""
    X = np.asarray(X, dtype=float)
    c, Q = np.linalg.eigh(X.T @ X / (len(X) - 1))
    order = np.argsort(c)[::-1]
    return c[order], fix_signs(Q[:, order])
# --8<-- [end:wrong]


def angle_degrees(a, b):
    """The angle between two directions, 0 to 90 degrees (a direction's sign does not matter)."""
    cos = abs(float(np.dot(a, b))) / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.degrees(np.arccos(min(1.0, cos))))


# ---------------------------------------------------------------------------
# Data sets of the page, all seeded.

# Five points in two features. Centred, they are (-3, -3), (-1, -1), (0, 0),
# (1, 3), (3, 1): X_c^T X_c = [[20, 16], [16, 20]], so Sigma = [[5, 4], [4, 5]].
EX_X = np.array([[0.0, 1.0],
                 [2.0, 3.0],
                 [3.0, 4.0],
                 [4.0, 7.0],
                 [6.0, 5.0]])

CLOUD_N, CLOUD_MEAN, CLOUD_SD, CLOUD_ANGLE = 200, (3.0, 5.0), (2.0, 0.5), 150.0


def cloud(seed=0):
    """A 2-D cloud: long axis at CLOUD_ANGLE degrees, standard deviations CLOUD_SD, mean CLOUD_MEAN."""
    rng = np.random.default_rng(seed)
    t = np.radians(CLOUD_ANGLE)
    axes = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
    return (rng.standard_normal((CLOUD_N, 2)) * CLOUD_SD) @ axes + np.array(CLOUD_MEAN)


WIDE_N, WIDE_D, WIDE_FACTORS, WIDE_NOISE = 500, 10, (3.0, 2.0, 1.0), 0.3


def wide_data(seed=1):
    """n = 500 examples of d = 10 features: three hidden factors mixed in, plus noise."""
    rng = np.random.default_rng(seed)
    factors = rng.standard_normal((WIDE_N, len(WIDE_FACTORS))) * np.array(WIDE_FACTORS)
    mixing, _ = np.linalg.qr(rng.standard_normal((WIDE_D, len(WIDE_FACTORS))))
    noise = WIDE_NOISE * rng.standard_normal((WIDE_N, WIDE_D))
    return 10.0 + factors @ mixing.T + noise


# ---------------------------------------------------------------------------
# The page's transcripts: the numbers each block states, in reading order.

def worked_example():
    """PCA of five points by hand: centre, covariance, eigen, SVD, project, reconstruct."""
    X = EX_X
    n, d = X.shape
    Xc, mu = centre(X)
    S = covariance(X)
    tr, det = np.trace(S), round(float(np.linalg.det(S)), 9)
    c, Q = pca_eig(X)
    c_svd, Q_svd, g = pca_svd(X)
    ratio = explained_variance_ratio(c)
    codes = project(X, mu, Q, 1)
    X_rec = reconstruct(codes, mu, Q)
    t = [("n", n), ("d", d), ("X", X), ("mu", mu), ("X_c", Xc)]
    t += [("n-1", n - 1), ("X_c^T X_c", Xc.T @ Xc), ("n-1", n - 1), ("Sigma", S)]
    # Sigma_11 = (sum of squares of centred column 1) / (n - 1), and Sigma_12.
    t += [("X_c column 1", Xc[:, 0]), ("n-1", n - 1), ("Sigma[1,1]", S[0, 0]),
          ("Sigma[1,2]", S[0, 1])]
    # 2 x 2 eigenvalues from trace and determinant: c^2 - tr c + det = 0.
    t += [("trace", tr), ("Sigma[1,1]", S[0, 0]), ("Sigma[2,2]", S[1, 1]),
          ("Sigma[1,2]", S[0, 1]), ("Sigma[2,1]", S[1, 0]), ("det", det),
          ("trace", tr), ("det", det), ("zero", 0), ("c1", c[0]), ("c2", c[1])]
    t += [("q1", Q[:, 0]), ("q2", Q[:, 1])]
    t += [("Sigma q1", S @ Q[:, 0]), ("c1", c[0]), ("q1", Q[:, 0])]
    # The SVD route: c_j = g_j^2 / (n - 1).
    t += [("singular values", g), ("n-1", n - 1),
          ("g1", g[0]), ("n-1", n - 1), ("g1^2", g[0] ** 2), ("n-1", n - 1), ("c1", c_svd[0]),
          ("g2", g[1]), ("n-1", n - 1), ("g2^2", g[1] ** 2), ("n-1", n - 1), ("c2", c_svd[1]),
          ("q1 (SVD)", Q_svd[:, 0]), ("q2 (SVD)", Q_svd[:, 1])]
    t += [("c1", c[0]), ("c1", c[0]), ("c2", c[1]), ("ratio 1", ratio[0])]
    # Project the fourth example onto q1, then all five.
    t += [("x_c row 4", Xc[3]), ("x_c row 4", Xc[3]), ("q1", Q[:, 0]), ("code 4", codes[3, 0])]
    t += [("codes", codes[:, 0])]
    # Reconstruct, and compare the error with c2.
    t += [("code 4", codes[3, 0]), ("x_rec row 4", X_rec[3]), ("x row 4", X[3]),
          ("residuals", X - X_rec)]
    sq = float(((X - X_rec) ** 2).sum())
    t += [("sum of squares", sq), ("n-1", n - 1),
          ("error", reconstruction_error(X, X_rec)), ("c2", c[1])]
    return t


def mistake_uncentred():
    """Skipping the centring: the top 'component' points at the mean, not along the cloud."""
    X = cloud()
    mu = X.mean(axis=0)
    c_right, Q_right = pca_eig(X)
    c_wrong, Q_wrong = uncentred_components(X)
    mean_dir = mu / np.linalg.norm(mu)
    ratio_wrong = explained_variance_ratio(c_wrong)[0]
    ratio_right = explained_variance_ratio(c_right)[0]
    return [("n", CLOUD_N), ("mean", mu.round(2)), ("long axis angle", CLOUD_ANGLE),
            ("wrong q1", Q_wrong[:, 0]), ("mean direction", mean_dir),
            ("angle wrong-mean", angle_degrees(Q_wrong[:, 0], mu)),
            ("wrong ratio", ratio_wrong),
            ("right q1", Q_right[:, 0]),
            ("angle right-mean", angle_degrees(Q_right[:, 0], mu)),
            ("right ratio", ratio_right)]


def mistake_eigh_order():
    """numpy.linalg.eigh sorts eigenvalues from the smallest up; taking column 0 keeps the worst one."""
    X = EX_X
    c_raw, Q_raw = np.linalg.eigh(covariance(X))
    c, Q = pca_eig(X)
    mu = X.mean(axis=0)
    wrong = reconstruct(project(X, mu, Q_raw, 1), mu, Q_raw)
    right = reconstruct(project(X, mu, Q, 1), mu, Q)
    return [("eigh values", c_raw), ("column 0", fix_signs(Q_raw)[:, 0]),
            ("its share", explained_variance_ratio(c_raw)[0]),
            ("wrong error", reconstruction_error(X, wrong)),
            ("sorted values", c), ("right error", reconstruction_error(X, right))]


def cumulative_ratio(X):
    """The explained-variance curve: the share of the first k components, k = 1..d."""
    return np.cumsum(explained_variance_ratio(pca_eig(X)[0]))


def claims_the_math():
    """Numbers stated in "Explained variance and choosing k" and the figure's alt text.

    Region of the page: its givens (0, 1, 2 and 95 %) are not listed.
    """
    X = wide_data()
    c, _ = pca_eig(X)
    cum = cumulative_ratio(X)
    k = choose_k(c)
    sd = np.sqrt(pca_eig(cloud())[0])
    alt = [("cloud n", CLOUD_N), ("cloud sd", sd), ("d", WIDE_D), ("k", k),
           ("cum k", cum[k - 1])]
    return ([("n", WIDE_N), ("d", WIDE_D), ("factors", len(WIDE_FACTORS)),
             ("c", c[:4]), ("cum", cum[:4]), ("k", k)]
            + alt + alt
            + [("k", k), ("cum k-1", cum[k - 2]),
               ("noise variance", WIDE_NOISE ** 2), ("tail", c[k:])])


def claims_reconstruction():
    """The reconstruction error on the 10-feature data, with both divisors."""
    X = wide_data()
    c, Q = pca_eig(X)
    k = choose_k(c)
    mu = X.mean(axis=0)
    err = reconstruction_error(X, reconstruct(project(X, mu, Q, k), mu, Q))
    n = len(X)
    return [("d", X.shape[1]), ("k", k), ("error", err), ("tail sum", c[k:].sum()),
            ("n", n), ("error with n", err * (n - 1) / n), ("ratio", (n - 1) / n)]


GRAM_N, GRAM_D = 20, 1000


def claims_gram():
    """The deep dive on d > n: sizes, and how many eigenvalues are not zero."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((GRAM_N, GRAM_D))
    c, _ = pca_gram(X)
    return [("n", GRAM_N), ("d", GRAM_D), ("n", GRAM_N), ("n", GRAM_N),
            ("d", GRAM_D), ("d", GRAM_D), ("non-zero", len(c))]


def claims_whitening():
    """Whitening the 2-D cloud: its covariance before (after it is the identity, whose
    zeros and ones are givens of the page; the tests check it)."""
    return [("before", covariance(cloud()))]


# --- Exercises ---------------------------------------------------------------

def exercise_centre_covariance():
    """Three points: centre them and compute the covariance."""
    X = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 5.0]])
    Xc, mu = centre(X)
    S = covariance(X)
    m = len(X) - 1
    t = [("exercise", 1), ("X", X), ("mu", mu), ("X_c", Xc), ("n-1", m), ("n-1", m)]
    for a, b in ((0, 0), (1, 1), (0, 1)):
        products = Xc[:, a] * Xc[:, b]
        t += [(f"products {a}{b}", products), ("n-1", m), (f"sum {a}{b}", products.sum()),
              ("n-1", m), (f"Sigma[{a},{b}]", S[a, b])]
    return t + [("Sigma", S)]


def exercise_two_by_two():
    """Eigenvalues of [[a, b], [b, a]] are a + b and a - b; the first one's share."""
    a, b = 3.0, 2.0
    S = np.array([[a, b], [b, a]])
    c = np.linalg.eigvalsh(S)[::-1]
    ratio = explained_variance_ratio(c)[0]
    return [("exercise", 2), ("Sigma", S), ("c1", c[0]), ("c2", c[1]), ("ratio", ratio),
            ("(1, 1)", [1, 1]), ("(1, -1)", [1, -1]), ("a", a), ("b", b),
            ("a", a), ("b", b), ("c1", c[0]), ("a", a), ("b", b), ("c2", c[1]),
            ("c1", c[0]), ("c1", c[0]), ("c2", c[1]), ("ratio", ratio)]


def exercise_choose_k():
    """Choose k for 95 % from a list of eigenvalues, and the error left over."""
    c = np.array([12.0, 5.0, 1.5, 0.8, 0.5, 0.2])
    cum = np.cumsum(explained_variance_ratio(c))
    k = choose_k(c, 0.95)
    return [("exercise", 3), ("target", 0.95), ("c", c), ("target", 0.95),
            ("total", c.sum()), ("cum", cum[:4]), ("k", k),
            ("cum k", cum[k - 1]), ("tail", c[k:]), ("error", c[k:].sum())]


def exercise_singular_values():
    """From singular values to eigenvalues and the error of keeping one component."""
    g = np.array([10.0, 4.0, 2.0])
    n = 5
    c = g ** 2 / (n - 1)
    return [("exercise", 4), ("n", n), ("singular values", g), ("g^2", g ** 2), ("n-1", n - 1),
            ("c", c), ("discarded", c[1:]), ("error", c[1:].sum()),
            ("c1", c[0]), ("total", c.sum()), ("ratio", explained_variance_ratio(c)[0])]


# --- Interview answers ---------------------------------------------------------

def claims_interview():
    """Numbers stated in the interview answers, in reading order."""
    # Covariance vs SVD: a nearly collinear pair of features.
    rng = np.random.default_rng(2)
    a = rng.standard_normal(100)
    X = np.column_stack([a, a + 1e-9 * rng.standard_normal(100)])
    c_eig, _ = pca_eig(X)
    c_svd, _, g = pca_svd(X)
    cond = g[0] / g[1]
    # Cost of PCA on n = 60,000 images of 28 x 28 pixels.
    n, d = 60_000, 28 * 28
    cov_ops = n * d * d
    eig_ops = d ** 3
    speed = 1e10                                  # an assumed multiply-adds per second
    # Standardising: one feature in metres, one in millimetres.
    rng = np.random.default_rng(3)
    h = rng.standard_normal(300)
    Xu = np.column_stack([1.7 + 0.1 * h, 1000 * (0.5 + 0.05 * rng.standard_normal(300))])
    c_raw, Q_raw = pca_eig(Xu)
    Z = (Xu - Xu.mean(0)) / Xu.std(0, ddof=1)
    c_std, _ = pca_eig(Z)
    return [("ratio raw", explained_variance_ratio(c_raw)[0]),
            ("q1 raw", Q_raw[0, 0]),
            ("ratio std", explained_variance_ratio(c_std)[0]),
            ("float spacing", float(np.finfo(float).eps)),
            ("noise", 1e-9), ("singular values", g), ("condition", cond),
            ("condition squared", cond ** 2), ("c2 eig", c_eig[1]), ("c2 svd", c_svd[1]),
            ("d", d), ("cov ops", cov_ops), ("cov ops", cov_ops),
            ("speed", speed), ("seconds", cov_ops / speed),
            ("numbers", n * d), ("megabytes", round(n * d * 8 / 1e6)), ("bytes each", 8),
            ("d", d), ("d", d), ("eig ops", eig_ops), ("eig ops", eig_ops)]


EXAMPLES = (worked_example,)
EXERCISES = (exercise_centre_covariance, exercise_two_by_two, exercise_choose_k,
             exercise_singular_values)
TRANSCRIPTS = (mistake_uncentred, mistake_eigh_order, claims_the_math,
               claims_reconstruction, claims_whitening, claims_gram, claims_interview)


def main():
    """Print each transcript, worked examples first, one (name, value) a line."""
    for transcript in EXAMPLES + EXERCISES + TRANSCRIPTS:
        rows = (f"  {name} = {np.round(np.asarray(value, dtype=float), 5).tolist()}"
                for name, value in transcript())
        print(f"# {transcript.__name__}", *rows, "", sep="\n")


if __name__ == "__main__":
    main()
