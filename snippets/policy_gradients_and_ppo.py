"""Policy gradients and PPO, in NumPy: a softmax policy on a three-armed bandit, REINFORCE with
and without a baseline, the variance of the gradient estimate, PPO's clipped objective, GAE.

Run ``python snippets/policy_gradients_and_ppo.py`` to print every worked example of the page
"Policy gradients and PPO"; ``python -m doctest snippets/policy_gradients_and_ppo.py`` runs the
examples in the docstrings.

Conventions: the bandit has one state and ``len(R)`` arms; arm ``a`` (counted from 0 in the
code, from 1 on the page) always pays ``R[a]``. The policy is a softmax of one logit per arm,
``theta``. Gradients are with respect to ``theta``. A sampled action comes from a uniform draw
``u`` in [0, 1) by the inverse of the cumulative distribution, so a reader can redo it by hand.
"""
import numpy as np

# --8<-- [start:policy]

def softmax_policy(theta):
    """pi_theta(a) = e^{theta_a} / sum_k e^{theta_k}, one probability per arm.

    >>> softmax_policy([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    theta = np.asarray(theta, dtype=float)
    z = np.exp(theta - theta.max())          # the shift leaves the ratios alone
    return z / z.sum()


def grad_log_policy(theta, a):
    """d log pi(a) / d theta_k = 1[k = a] - pi(k): one-hot minus probabilities.

    >>> grad_log_policy([0.0, 0.0], 1).tolist()
    [-0.5, 0.5]
    """
    g = -softmax_policy(theta)
    g[a] += 1.0
    return g
# --8<-- [end:policy]

# --8<-- [start:objective]

def expected_return(theta, R):
    """J(theta) = sum_a pi_theta(a) R(a): the average pay-out of one pull."""
    return float(softmax_policy(theta) @ np.asarray(R, dtype=float))


def policy_gradient_exact(theta, R):
    """grad J = sum_a pi(a) R(a) grad log pi(a) = pi * (R - J), over all arms.

    >>> policy_gradient_exact([0.0, 0.0], [1.0, 3.0]).tolist()
    [-0.5, 0.5]
    """
    pi, R = softmax_policy(theta), np.asarray(R, dtype=float)
    return pi * (R - pi @ R)
# --8<-- [end:objective]

# --8<-- [start:reinforce]

def sample_action(pi, u):
    """The arm whose slice of [0, 1) holds the uniform draw u.

    >>> sample_action([0.2, 0.5, 0.3], 0.65)
    1
    """
    if not 0.0 <= u < 1.0:
        raise ValueError("u must be a uniform draw in [0, 1)")
    return int(np.searchsorted(np.cumsum(pi), u, side="right"))


def reinforce_estimate(theta, R, a, b=0.0):
    """One-sample estimate of grad J: (R(a) - b) * grad log pi_theta(a)."""
    return (R[a] - b) * grad_log_policy(theta, a)


def train_reinforce(theta, R, steps, lr, baseline, seed=0):
    """REINFORCE, one pull per step: theta += lr * (R(a) - b) grad log pi(a).

    With baseline=True, b is the policy's value V = J(theta), exact on a
    bandit. Returns the probabilities after every step."""
    rng = np.random.default_rng(seed)
    theta = np.array(theta, dtype=float)
    history = [softmax_policy(theta)]
    for _ in range(steps):
        a = sample_action(softmax_policy(theta), rng.random())
        b = expected_return(theta, R) if baseline else 0.0
        g_hat = reinforce_estimate(theta, R, a, b)
        theta = theta + lr * g_hat            # ascent: we maximise J
        history.append(softmax_policy(theta))
    return np.array(history)
# --8<-- [end:reinforce]

# --8<-- [start:variance]

def estimator_variance(theta, R, b=0.0):
    """Total variance of the estimate, exactly: E||g_hat||^2 - ||grad J||^2.

    The expectation is a sum over the arms, weighted by their probabilities."""
    pi = softmax_policy(theta)
    second = sum(pi[a] * np.sum(reinforce_estimate(theta, R, a, b) ** 2)
                 for a in range(len(pi)))
    return float(second - np.sum(policy_gradient_exact(theta, R) ** 2))


def estimator_variance_sampled(theta, R, b=0.0, n=10_000, seed=0):
    """The same, measured: n seeded pulls, each entry's sample variance."""
    rng = np.random.default_rng(seed)
    pi = softmax_policy(theta)
    G = np.array([reinforce_estimate(theta, R, sample_action(pi, u), b)
                  for u in rng.random(n)])
    return float(G.var(axis=0, ddof=1).sum())


def best_baseline(theta, R):
    """The constant b of least variance: E[|score|^2 R] / E[|score|^2]."""
    pi = softmax_policy(theta)
    sq = [np.sum(grad_log_policy(theta, a) ** 2) for a in range(len(pi))]
    w = pi * np.array(sq)
    return float(w @ np.asarray(R, dtype=float) / w.sum())
# --8<-- [end:variance]

# --8<-- [start:ppo]

def ppo_clip_objective(rho, A, eps=0.2):
    """One sample's min(rho A, clip(rho, 1 - eps, 1 + eps) A), maximised.

    >>> float(ppo_clip_objective(1.5, 2.0))
    2.4
    >>> float(ppo_clip_objective(1.5, -2.0))
    -3.0
    """
    if eps <= 0:
        raise ValueError("the clip range eps must be positive")
    return np.minimum(rho * A, np.clip(rho, 1 - eps, 1 + eps) * A)


def ppo_clip_grad_rho(rho, A, eps=0.2):
    """d/d rho of the clipped objective: A, or 0 where the flat term rules.

    The clipped term is flat in rho; it is the smaller one exactly when
    rho > 1 + eps with A > 0, or rho < 1 - eps with A < 0."""
    rho, A = np.asarray(rho, dtype=float), np.asarray(A, dtype=float)
    flat = ((A > 0) & (rho > 1 + eps)) | ((A < 0) & (rho < 1 - eps))
    return np.where(flat, 0.0, A)


def ppo_surrogate(theta, theta_old, a, A, eps=0.2):
    """The clipped objective of one sampled arm, as a function of theta."""
    rho = softmax_policy(theta)[a] / softmax_policy(theta_old)[a]
    return float(ppo_clip_objective(rho, A, eps))


def ppo_surrogate_grad(theta, theta_old, a, A, eps=0.2):
    """Chain rule: d rho / d theta = rho * grad log pi(a), times the slope."""
    rho = softmax_policy(theta)[a] / softmax_policy(theta_old)[a]
    slope = float(ppo_clip_grad_rho(rho, A, eps))
    return slope * rho * grad_log_policy(theta, a)
# --8<-- [end:ppo]

# --8<-- [start:gae]

def gae(rewards, values, gamma, lam):
    """Generalised advantage estimates of one episode, from the last step back.

    delta_t = r_t + gamma V(s_{t+1}) - V(s_t)
    A_t     = delta_t + gamma lam A_{t+1}
    values has one entry more than rewards: the value after the last step
    (zero if the episode ended there).

    >>> gae([1.0], [0.0, 0.0], gamma=0.9, lam=0.95).tolist()
    [1.0]
    """
    r, v = np.asarray(rewards, dtype=float), np.asarray(values, dtype=float)
    if len(v) != len(r) + 1:
        raise ValueError("values needs one entry per reward, plus one")
    delta = r + gamma * v[1:] - v[:-1]
    A, running = np.zeros_like(r), 0.0
    for t in reversed(range(len(r))):
        running = delta[t] + gamma * lam * running
        A[t] = running
    return A
# --8<-- [end:gae]


# ---------------------------------------------------------------------------------------------
# The page's examples. Everything below returns a transcript: the numbers the page states, in
# reading order, as (name, value) pairs.

THETA = np.array([1.0, 0.0, 0.0])        # logits: the policy starts out favouring the worst arm
R_ARMS = np.array([1.0, 2.0, 4.0])       # what each arm pays
U_DRAW = 0.7                             # the printed uniform draw of the worked example
LR = 0.1                                 # the learning rate alpha
N_PULLS = 10_000                         # pulls for the measured variance
SHIFT = 10.0                             # the constant added to every reward in the mistake
STEPS, RUNS = 200, 100                   # REINFORCE runs of the mistake and the figure
EPS = 0.2                                # PPO's clip range
H = 1e-5                                 # the nudge of the numerical gradient


def numerical_grad_log_policy(theta, a, h=H):
    """Central differences of log pi_theta(a), one logit at a time: the page's validation line."""
    theta = np.asarray(theta, dtype=float)
    out = np.zeros_like(theta)
    for k in range(len(theta)):
        step = np.zeros_like(theta)
        step[k] = h
        out[k] = (np.log(softmax_policy(theta + step)[a])
                  - np.log(softmax_policy(theta - step)[a])) / (2 * h)
    return out


def worked_example():
    """REINFORCE on the three-armed bandit: policy, J, exact gradient, one sampled estimate with
    and without the baseline, one step."""
    th, R = THETA, R_ARMS
    pi = softmax_policy(th)
    J = expected_return(th, R)
    grad = policy_gradient_exact(th, R)
    a = sample_action(pi, U_DRAW)
    glp = grad_log_policy(th, a)
    num = numerical_grad_log_policy(th, a)
    g0 = reinforce_estimate(th, R, a)
    gb = reinforce_estimate(th, R, a, J)
    new = th + LR * gb
    t = [("theta", th), ("R", R)]
    t += [("e^1", np.e), ("e^0", 1.0), ("sum", np.exp(th).sum()), ("pi", pi)]
    t += [("pi*R", pi * R), ("J", J)]
    t += [("R - J", R - J), ("grad J", grad)]
    t += [("u", U_DRAW), ("cumulative", np.cumsum(pi)), ("u", U_DRAW)]
    t += [("grad log pi(a)", glp), ("h", H), ("numerical", num)]
    t += [("R(a)", R[a]), ("R(a)", R[a]), ("grad log pi(a)", glp), ("g_hat", g0)]
    t += [("b", J), ("R(a)", R[a]), ("b", J), ("R(a) - b", R[a] - J),
          ("R(a) - b", R[a] - J), ("grad log pi(a)", glp), ("g_hat with b", gb)]
    t += [("alpha", LR), ("new theta", new), ("new pi", softmax_policy(new)),
          ("new J", expected_return(new, R)), ("J", J)]
    return t


def claims_baselines():
    """The baselines section: exact and measured total variance, and the best constant."""
    th, R = THETA, R_ARMS
    J = expected_return(th, R)
    b_star = best_baseline(th, R)
    alt = _figure_alt()
    return [("var no b", estimator_variance(th, R)), ("var b=J", estimator_variance(th, R, J)),
            ("n", N_PULLS),
            ("measured no b", estimator_variance_sampled(th, R, 0.0, N_PULLS)),
            ("measured b=J", estimator_variance_sampled(th, R, J, N_PULLS)),
            ("ratio", estimator_variance(th, R) / estimator_variance(th, R, J)),
            ("b*", b_star), ("J", J), ("var b*", estimator_variance(th, R, b_star))] + alt + alt


def _figure_alt():
    """The numbers of the figure's alt text (stated twice: light and dark)."""
    return [("steps", STEPS), ("runs", RUNS), ("shift", SHIFT), ("high", 1 + EPS), ("low", 1 - EPS)]


def end_probabilities(R, baseline, steps=STEPS, runs=RUNS, lr=LR):
    """pi(best arm) after ``steps`` REINFORCE steps, for ``runs`` seeds (seed = run number)."""
    return np.array([train_reinforce(THETA, R, steps, lr, baseline, seed=s)[-1, -1]
                     for s in range(runs)])


def mistake_no_baseline():
    """Every reward shifted up by 10: same best arm, same gradient, far noisier without a baseline."""
    th, R = THETA, R_ARMS + SHIFT
    J = expected_return(th, R)
    plain, based = end_probabilities(R, False), end_probabilities(R, True)
    return [("shift", SHIFT), ("R shifted", R),
            ("grad J", policy_gradient_exact(th, R)), ("grad J unshifted", policy_gradient_exact(th, R_ARMS)),
            ("var no b", estimator_variance(th, R)), ("var b=J", estimator_variance(th, R, J)),
            ("var unshifted b=J", estimator_variance(th, R_ARMS, expected_return(th, R_ARMS))),
            ("runs", RUNS), ("steps", STEPS), ("alpha", LR),
            ("stuck no b", int((plain < 0.5).sum())), ("runs", RUNS), ("half", 0.5),
            ("mean pi3 no b", plain.mean()),
            ("stuck b", int((based < 0.5).sum())), ("mean pi3 b", based.mean())]


PPO_CASES = [(2.0, 0.7), (2.0, 1.5), (-2.0, 0.5), (-2.0, 1.5)]   # (A, rho)


def worked_example_ppo():
    """The clipped objective for a positive and a negative advantage, each on both sides of 1."""
    t = [("eps", EPS), ("low", 1 - EPS), ("high", 1 + EPS)]
    for A, rho in PPO_CASES:
        clipped = float(np.clip(rho, 1 - EPS, 1 + EPS))
        t += [("A", A), ("rho", rho), ("rho A", rho * A), ("clip", clipped),
              ("clip A", clipped * A), ("objective", float(ppo_clip_objective(rho, A, EPS))),
              ("slope", float(ppo_clip_grad_rho(rho, A, EPS)))]
    return t


def ppo_ascent(a, A, steps=20, lr=LR, clip=True):
    """Gradient ascent on one sample's surrogate from theta_old = THETA: the ratio after each step."""
    th, ratios = THETA.copy(), []
    old = softmax_policy(THETA)[a]
    for _ in range(steps):
        if clip:
            g = ppo_surrogate_grad(th, THETA, a, A, EPS)
        else:                                   # the plain ratio objective rho A, no clip
            g = A * (softmax_policy(th)[a] / old) * grad_log_policy(th, a)
        th = th + lr * g
        ratios.append(softmax_policy(th)[a] / old)
    return np.array(ratios)


def claims_clip_gradient():
    """The clip's effect on the gradient: at theta_old, and over twenty ascent steps."""
    J = expected_return(THETA, R_ARMS)
    A1, A3 = R_ARMS[0] - J, R_ARMS[2] - J
    at_old = ppo_surrogate_grad(THETA, THETA, 0, A1, EPS)
    clipped, plain = ppo_ascent(0, A1), ppo_ascent(0, A1, clip=False)
    stop = int(np.argmax(np.isclose(clipped, clipped[-1]))) + 1   # first step at the final value
    up = ppo_ascent(2, A3, steps=5)
    return [("A1", A1), ("at old", at_old), ("A1 grad log pi", A1 * grad_log_policy(THETA, 0)),
            ("alpha", LR), ("steps", 20), ("low", 1 - EPS),
            ("stop step", stop), ("clipped ratio", clipped[-1]),
            ("plain ratio", plain[-1]), ("steps", 20),
            ("A3", A3), ("after one", up[0])]


def claims_interview():
    """Numbers of the interview answers: the bad action made likelier, as in the Common mistake."""
    A, rho = -2.0, 1.5
    return [("A", A), ("rho", rho), ("unclipped", rho * A),
            ("clipped", float(np.clip(rho, 1 - EPS, 1 + EPS) * A)),
            ("slope", float(ppo_clip_grad_rho(rho, A, EPS)))]


def mistake_clip_without_min():
    """Clipping the ratio but dropping the min: a bad action made likelier gets no push back."""
    A, rho = -2.0, 1.5
    right = float(ppo_clip_objective(rho, A, EPS))
    wrong = float(np.clip(rho, 1 - EPS, 1 + EPS) * A)
    return [("A", A), ("rho", rho), ("high", 1 + EPS),
            ("wrong", wrong), ("wrong slope", 0.0),
            ("right", right), ("right slope", float(ppo_clip_grad_rho(rho, A, EPS))),
            ("A+", 2.0), ("rho low", 0.5), ("low", 1 - EPS),
            ("wrong slope +", 0.0), ("right slope +", float(ppo_clip_grad_rho(0.5, 2.0, EPS)))]


def exercise_one_hot_minus_pi():
    """Exercise 1: grad log pi for three equal logits."""
    th = np.zeros(3)
    return [("exercise", 1), ("theta", th),
            ("pi", softmax_policy(th)), ("grad", grad_log_policy(th, 0)),
            ("sum", float(grad_log_policy(th, 0).sum()))]


def exercise_baseline_two_arms():
    """Exercise 2: two equally likely arms paying 1 and 3, with and without the baseline."""
    th, R = np.zeros(2), np.array([1.0, 3.0])
    J = expected_return(th, R)
    return [("exercise", 2), ("R", R),
            ("pi", softmax_policy(th)), ("J", J), ("A", R - J),
            ("g arm1", reinforce_estimate(th, R, 0)), ("g arm2", reinforce_estimate(th, R, 1)),
            ("gb both arms", reinforce_estimate(th, R, 0, J)),
            ("var no b", estimator_variance(th, R)), ("var b", estimator_variance(th, R, J))]


def exercise_clip_negative():
    """Exercise 3: the clipped objective and its slope for A = -1 at two ratios."""
    A, t = -1.0, [("exercise", 3), ("eps", EPS)]
    t += [("A", A), ("rho", 0.6), ("rho", 1.3)]
    for rho in (0.6, 1.3):
        clipped = float(np.clip(rho, 1 - EPS, 1 + EPS))
        t += [("rho", rho), ("rho A", rho * A), ("clip A", clipped * A),
              ("objective", float(ppo_clip_objective(rho, A, EPS))),
              ("slope", float(ppo_clip_grad_rho(rho, A, EPS)))]
    return t


GAE_REWARDS, GAE_VALUES, GAMMA = [0.0, 1.0], [0.5, 0.8, 0.0], 0.9


def exercise_gae():
    """Exercise 4: two TD errors and their GAE blend, for GAE's lambda of 0.5 and 1."""
    r, v = GAE_REWARDS, GAE_VALUES
    delta = np.array(r) + GAMMA * np.array(v[1:]) - np.array(v[:-1])
    half, one = gae(r, v, GAMMA, 0.5), gae(r, v, GAMMA, 1.0)
    G0 = r[0] + GAMMA * r[1]
    return [("exercise", 4), ("gamma", GAMMA), ("r", np.array(r)), ("V", np.array(v[:2])),
            ("lambda", 0.5),
            ("r1", r[1]), ("gamma", GAMMA), ("V end", v[2]), ("V1", v[1]), ("delta1", delta[1]),
            ("r0", r[0]), ("gamma", GAMMA), ("V1", v[1]), ("V0", v[0]), ("delta0", delta[0]),
            ("A1", half[1]), ("delta0", delta[0]), ("gamma", GAMMA), ("lambda", 0.5),
            ("A1", half[1]), ("A0", half[0]),
            ("A0 lambda 1", one[0]), ("G0", G0), ("V0", v[0]), ("G0 - V0", G0 - v[0])]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>22} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


def main():
    """Print both worked examples as transcripts: name = value, in reading order."""
    print("# REINFORCE on a three-armed bandit")
    _print(worked_example())
    print("# PPO's clipped objective")
    _print(worked_example_ppo())


if __name__ == "__main__":
    main()
