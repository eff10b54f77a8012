"""Reinforcement learning from human feedback, in NumPy.

Run ``python snippets/rlhf.py`` to print the worked examples of the page
"Reinforcement learning from human feedback"; ``python -m doctest
snippets/rlhf.py`` runs the examples in the docstrings.

The tiny world of the page: one prompt, four possible responses (A, B, C, D),
a reference policy ``pi_ref`` that gives each response a probability, and a
reward ``r`` for each response. A policy over the four responses is a softmax
of four logits, so every optimum can be computed exactly.
"""
import numpy as np

from forward_pass import sigmoid
from losses import softplus
from probability import kl_divergence, log_softmax, logsumexp, softmax

# The tiny world: reference probabilities and rewards of responses A, B, C, D.
PI_REF = np.array([0.4, 0.3, 0.2, 0.1])
REWARD = np.array([1.0, 2.0, 0.0, 3.0])
BETA = 1.0
NAMES = "ABCD"

# --8<-- [start:bradley_terry]

def preference_probability(r_w, r_l):
    """Bradley-Terry: the chance that y_w is preferred, sigma(r_w - r_l).

    >>> float(preference_probability(1.0, 1.0))
    0.5
    """
    return sigmoid(np.asarray(r_w, dtype=float) - r_l)


def preference_loss(r_w, r_l):
    """-log sigma(r_w - r_l), written softplus(-(r_w - r_l)): no overflow.

    >>> round(float(preference_loss(0.0, 0.0)), 4)    # log 2
    0.6931
    """
    return softplus(-(np.asarray(r_w, dtype=float) - r_l))


def preference_loss_grad(r_w, r_l):
    """(dL/dr_w, dL/dr_l) = (sigma(u) - 1, 1 - sigma(u)), u = r_w - r_l.

    >>> [float(g) for g in preference_loss_grad(0.0, 0.0)]
    [-0.5, 0.5]
    """
    s = preference_probability(r_w, r_l)
    return s - 1.0, 1.0 - s
# --8<-- [end:bradley_terry]

# --8<-- [start:optimal_policy]

def optimal_policy(pi_ref, r, beta):
    """pi*(y) = pi_ref(y) exp(r(y) / beta) / Z, and Z, computed in logs.

    >>> p, Z = optimal_policy(np.array([0.5, 0.5]), np.array([0.0, 0.0]), 1.0)
    >>> p, float(Z)
    (array([0.5, 0.5]), 1.0)
    """
    if beta <= 0:
        raise ValueError(f"beta must be positive, got {beta}")
    log_w = np.log(np.asarray(pi_ref, dtype=float)) + np.asarray(r) / beta
    log_Z = logsumexp(log_w)
    return np.exp(log_w - log_Z), np.exp(log_Z)


def kl_regularised_objective(pi, pi_ref, r, beta):
    """E_{y ~ pi}[r(y)] - beta * KL(pi || pi_ref).

    >>> kl_regularised_objective([0.5, 0.5], [0.5, 0.5], [1.0, 3.0], 2.0)
    2.0
    """
    pi = np.asarray(pi, dtype=float)
    return float(pi @ np.asarray(r)) - beta * kl_divergence(pi, pi_ref)
# --8<-- [end:optimal_policy]

# --8<-- [start:per_token]

def per_token_rewards(logp, logp_ref, score, beta):
    """Each token's reward -beta * log(pi/pi_ref); the last one adds the score.

    >>> logp, logp_ref = np.log([0.5, 0.5]), np.log([0.25, 0.5])
    >>> per_token_rewards(logp, logp_ref, 2.0, 0.1).round(4)
    array([-0.0693,  2.    ])
    """
    rewards = -beta * (np.asarray(logp, dtype=float) - logp_ref)
    rewards[-1] += score
    return rewards
# --8<-- [end:per_token]

# --8<-- [start:dpo]

def dpo_loss(logp_w, logp_l, ref_w, ref_l, beta):
    """Mean of -log sigma(beta [(logp_w - ref_w) - (logp_l - ref_l)]).

    Arguments are sequence log-probabilities, one per preference pair,
    under the policy being trained and under the frozen reference.

    >>> round(float(dpo_loss(-1.0, -2.0, -1.0, -2.0, 0.1)), 4)  # pi = ref
    0.6931
    """
    u = beta * ((np.asarray(logp_w) - ref_w) - (np.asarray(logp_l) - ref_l))
    return float(np.mean(softplus(-u)))


def dpo_grad_logits(z, pi_ref, w, l, beta):
    """dL/dz of the DPO loss for one pair when pi = softmax(z).

    log pi_w - log pi_l = z_w - z_l, so only two logits move:
    -beta (1 - sigma(u)) on z_w and the opposite on z_l.

    >>> dpo_grad_logits(np.zeros(3), np.ones(3) / 3, 0, 2, 1.0)
    array([-0.5,  0. ,  0.5])
    """
    log_ref = np.log(np.asarray(pi_ref, dtype=float))
    u = beta * ((z[w] - z[l]) - (log_ref[w] - log_ref[l]))
    g = np.zeros_like(np.asarray(z, dtype=float))
    g[w], g[l] = -beta * (1 - sigmoid(u)), beta * (1 - sigmoid(u))
    return g
# --8<-- [end:dpo]

# --8<-- [start:fit]

def pairwise_loss(scores, r_true):
    """Bradley-Terry log-loss over all pairs, each pair's winner drawn
    with the chance sigma(r_i - r_j) of the true rewards r_true."""
    d = scores[:, None] - scores[None, :]
    p = sigmoid(r_true[:, None] - r_true[None, :])
    off = ~np.eye(len(scores), dtype=bool)
    return float(np.sum((p * softplus(-d))[off]))


def pairwise_loss_grad(scores, r_true):
    """Gradient of pairwise_loss: sum over j of sigma(s_i - s_j) - p_ij."""
    d = scores[:, None] - scores[None, :]
    p = sigmoid(r_true[:, None] - r_true[None, :])
    return np.sum(sigmoid(d) - p, axis=1)


def fit_reward_model(r_true, steps=3000, lr=0.5):
    """A reward table fitted to preferences, by gradient descent from zero."""
    scores = np.zeros(len(r_true))
    for _ in range(steps):
        scores = scores - lr * pairwise_loss_grad(scores, r_true)
    return scores


def fit_dpo(pi_ref, r_true, beta, steps=3000, lr=0.5, use_ref=True):
    """Softmax logits fitted with the DPO loss on the same preferences.

    The DPO loss is the pairwise loss of the implicit rewards
    beta * (z - log pi_ref) (the softmax normaliser cancels in every
    difference); without the reference, of beta * z.
    """
    shift = np.log(pi_ref) if use_ref else np.zeros(len(pi_ref))
    z = np.log(pi_ref)                       # start at the reference
    for _ in range(steps):
        z = z - lr * beta * pairwise_loss_grad(beta * (z - shift), r_true)
    return softmax(z)
# --8<-- [end:fit]


def implicit_reward(pi, pi_ref, beta):
    """beta * log(pi / pi_ref), the reward a policy says it is optimal for."""
    return beta * (np.log(pi) - np.log(pi_ref))


# ---------------------------------------------------------------------------
# Transcripts: the numbers the page states, in reading order.

BT_RW, BT_RL = 0.8, 0.3                      # reward model's scores, one pair


def worked_example():
    """One preference pair through the Bradley-Terry loss, and its gradient."""
    u = BT_RW - BT_RL
    p = float(preference_probability(BT_RW, BT_RL))
    loss = float(preference_loss(BT_RW, BT_RL))
    gw, gl = (float(g) for g in preference_loss_grad(BT_RW, BT_RL))
    t = [("r_w", BT_RW), ("r_l", BT_RL), ("r_w", BT_RW), ("r_l", BT_RL), ("u", u)]
    t += [("u", u), ("e^-u", np.exp(-u)), ("e^-u", np.exp(-u)), ("sigma(u)", p)]
    t += [("sigma(u)", p), ("loss", loss)]
    t += [("sigma(u)", p), ("dL/dr_w", gw), ("dL/dr_l", gl)]
    # One gradient step with learning rate 1.
    lr = 1.0
    rw, rl = BT_RW - lr * gw, BT_RL - lr * gl
    t += [("lr", lr), ("new r_w", rw), ("new r_l", rl), ("new u", rw - rl),
          ("new sigma", float(preference_probability(rw, rl))),
          ("new loss", float(preference_loss(rw, rl)))]
    return t


def worked_example_optimum():
    """The tiny world: pi*, Z, and the objective at pi* against its rivals."""
    pi, Z = optimal_policy(PI_REF, REWARD, BETA)
    factors = np.exp(REWARD / BETA)
    t = [("beta", BETA), ("pi_ref", PI_REF), ("r", REWARD)]
    for k in range(4):
        t += [(f"pi_ref[{k}]", PI_REF[k]), (f"e^r[{k}]", factors[k])]
    t += [("weights", PI_REF * factors), ("Z", Z), ("pi*", pi)]
    er, kl = float(pi @ REWARD), kl_divergence(pi, PI_REF)
    obj = kl_regularised_objective(pi, PI_REF, REWARD, BETA)
    t += [("E[r]", er), ("KL", kl), ("E[r]", er), ("beta", BETA), ("KL", kl),
          ("objective", obj), ("Z", Z), ("log Z", np.log(Z))]
    for k in range(4):
        t += [(f"pi_ref[{k}]", PI_REF[k]), (f"r[{k}]", REWARD[k])]
    er_ref = float(PI_REF @ REWARD)
    t += [("E_ref[r]", er_ref), ("objective at ref", er_ref)]
    best = np.eye(4)[np.argmax(REWARD)]
    kl_best = kl_divergence(best, PI_REF)
    t += [("E_best[r]", REWARD.max()), ("one", 1), ("pi_ref[3]", PI_REF[3]),
          ("KL(best||ref)", kl_best), ("objective at best", REWARD.max() - BETA * kl_best),
          ("objective", obj)]
    return t


TOK_P = np.array([0.5, 0.8, 0.6])            # the tuned policy's token probabilities
TOK_REF = np.array([0.4, 0.9, 0.3])          # the reference's, same tokens
TOK_SCORE, TOK_BETA = 1.5, 0.1


def worked_example_per_token():
    """Per-token KL-penalised rewards of one sampled three-token response."""
    lr_tok = np.log(TOK_P) - np.log(TOK_REF)
    rew = per_token_rewards(np.log(TOK_P), np.log(TOK_REF), TOK_SCORE, TOK_BETA)
    seq = np.log(TOK_P.prod() / TOK_REF.prod())
    t = [("T", 3), ("pi", TOK_P), ("pi_ref", TOK_REF), ("score", TOK_SCORE),
         ("beta", TOK_BETA)]
    t += [("ratios", TOK_P / TOK_REF), ("log ratios", lr_tok)]
    t += [("-beta", -TOK_BETA), ("rewards[0:2]", rew[:2]), ("score", TOK_SCORE),
          ("-beta*lr[2]", -TOK_BETA * lr_tok[2]), ("rewards[2]", rew[2])]
    t += [("sum log ratios", lr_tok.sum()), ("pi", TOK_P), ("prod p", TOK_P.prod()),
          ("pi_ref", TOK_REF), ("prod ref", TOK_REF.prod()), ("prod p", TOK_P.prod()),
          ("prod ref", TOK_REF.prod()), ("seq log ratio", seq)]
    t += [("total", rew.sum()), ("score", TOK_SCORE), ("beta", TOK_BETA),
          ("seq log ratio", seq)]
    return t


DPO_PI = np.array([0.3, 0.4, 0.2, 0.1])      # a policy that moved mass from A to B
DPO_W, DPO_L = 1, 0                          # B preferred over A


def worked_example_dpo():
    """The DPO loss of one pair (B over A), its gradient, and one step."""
    lw = np.log(DPO_PI[DPO_W] / PI_REF[DPO_W])
    ll = np.log(DPO_PI[DPO_L] / PI_REF[DPO_L])
    u = BETA * (lw - ll)
    s = float(sigmoid(u))
    loss = dpo_loss(np.log(DPO_PI[DPO_W]), np.log(DPO_PI[DPO_L]),
                    np.log(PI_REF[DPO_W]), np.log(PI_REF[DPO_L]), BETA)
    z = np.log(DPO_PI)
    g = dpo_grad_logits(z, PI_REF, DPO_W, DPO_L, BETA)
    t = [("beta", BETA), ("pi_theta", DPO_PI), ("pi_ref", PI_REF)]
    t += [("pi_B", DPO_PI[1]), ("ref_B", PI_REF[1]), ("log ratio B", lw),
          ("pi_A", DPO_PI[0]), ("ref_A", PI_REF[0]), ("log ratio A", ll)]
    t += [("beta", BETA), ("lw", lw), ("ll", ll), ("u", u)]
    t += [("e^-u", np.exp(-u)), ("sigma(u)", s), ("sigma(u)", s), ("loss", loss)]
    t += [("beta", BETA), ("1-sigma", 1 - s), ("g_B", g[1]), ("g_A", g[0])]
    lr = 1.0
    new = softmax(z - lr * g)
    new_loss = dpo_loss(np.log(new[DPO_W]), np.log(new[DPO_L]),
                        np.log(PI_REF[DPO_W]), np.log(PI_REF[DPO_L]), BETA)
    t += [("lr", lr), ("new pi", new), ("new loss", new_loss)]
    return t


def worked_example_same_optimum():
    """Reward model + KL-regularised optimum versus DPO, on the same preferences."""
    r_hat = fit_reward_model(REWARD)
    pi_star, _ = optimal_policy(PI_REF, r_hat, BETA)
    pi_dpo = fit_dpo(PI_REF, REWARD, BETA)
    implicit = implicit_reward(pi_dpo, PI_REF, BETA)
    log_Z = np.log(optimal_policy(PI_REF, REWARD, BETA)[1])
    return [("r", REWARD), ("r_hat", r_hat), ("shift", REWARD[0] - r_hat[0]),
            ("beta", BETA), ("pi* from r_hat", pi_star), ("pi_dpo", pi_dpo),
            ("implicit", implicit), ("beta log Z", BETA * log_Z)]


def mistake_dpo_without_reference():
    """Dropping pi_ref from the DPO loss: a different optimum, far from pi_ref."""
    with_ref = fit_dpo(PI_REF, REWARD, BETA)
    without = fit_dpo(PI_REF, REWARD, BETA, use_ref=False)
    t = [("pi_ref", PI_REF), ("beta", BETA), ("without", without),
         ("softmax(r)", softmax(REWARD / BETA))]
    t += [("KL without", kl_divergence(without, PI_REF)), ("with", with_ref),
          ("KL with", kl_divergence(with_ref, PI_REF))]
    return t


BETAS = (0.1, 0.5, 1.0, 2.0, 10.0)


def claims_beta():
    """What beta trades: pi*(B), pi*(D), expected reward and KL for several beta."""
    t = []
    for beta in BETAS:                       # beta itself is a given of the page
        pi, _ = optimal_policy(PI_REF, REWARD, beta)
        t += [("pi*(B)", pi[1]), ("pi*(D)", pi[3]),
              ("E[r]", float(pi @ REWARD)), ("KL", kl_divergence(pi, PI_REF))]
    e_ref = float(PI_REF @ REWARD)
    ceiling = kl_divergence(np.eye(4)[3], PI_REF)          # log(1 / 0.1)
    t += [("E_ref[r]", e_ref)]
    t += [("E_ref[r]", e_ref), ("KL ceiling", ceiling)] * 2  # alt text, light and dark
    return t


def claims_interview_questions():
    """d u / d r_l, and a DPO step that lowers the chosen probability yet the loss."""
    ref_w, ref_l = np.log(0.2), np.log(0.2)
    before = dpo_loss(ref_w, ref_l, ref_w, ref_l, 0.1)
    pw, pl = 0.1, 0.02                       # both fall, the rejected one faster
    after = dpo_loss(np.log(pw), np.log(pl), ref_w, ref_l, 0.1)
    return [("du/dr_l", -1), ("before", before), ("pl", pl), ("after", after)]


def exercise_preference():
    """Exercise: the reward model ranks the pair the wrong way round."""
    rw, rl = 0.5, 1.5
    s = float(preference_probability(rw, rl))
    gw, gl = (float(g) for g in preference_loss_grad(rw, rl))
    return [("exercise", 1), ("r_w", rw), ("r_l", rl), ("u", rw - rl), ("sigma", s), ("sigma", s),
            ("loss", float(preference_loss(rw, rl))), ("dL/dr_w", gw), ("dL/dr_l", gl)]


def exercise_two_responses():
    """Exercise: the optimal policy over two responses."""
    pi_ref, r, beta = np.array([0.5, 0.5]), np.array([1.0, 0.0]), 0.5
    pi, Z = optimal_policy(pi_ref, r, beta)
    e2 = np.exp(r[0] / beta)
    return [("exercise", 2), ("pi_ref", pi_ref), ("r", r), ("beta", beta),
            ("r/beta", r / beta), ("e^2", e2), ("pi_ref[0]", pi_ref[0]), ("e^2", e2),
            ("pi_ref[1]", pi_ref[1]), ("e^0", 1), ("Z", Z), ("pi*", pi), ("beta", beta)]


def exercise_implicit_reward():
    """Exercise: DPO's implicit reward of two responses and their difference."""
    beta = 0.1
    pw, rw, pl, rl = 0.3, 0.2, 0.1, 0.2
    a = float(implicit_reward(pw, rw, beta))
    b = float(implicit_reward(pl, rl, beta))
    p = float(sigmoid(a - b))
    return [("exercise", 3), ("beta", beta), ("pw", pw), ("rw", rw), ("pl", pl), ("rl", rl),
            ("beta", beta), ("pw/rw", pw / rw), ("a", a), ("beta", beta), ("pl/rl", pl / rl),
            ("b", b), ("a-b", a - b), ("a-b", a - b), ("p", p), ("p", p),
            ("loss", float(softplus(-(a - b))))]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>22} = {np.round(value, 4)}")


def main():
    for f in (worked_example, worked_example_optimum, worked_example_per_token,
              worked_example_dpo, worked_example_same_optimum, mistake_dpo_without_reference,
              claims_beta, claims_interview_questions, exercise_preference,
              exercise_two_responses, exercise_implicit_reward):
        print(f"--- {f.__name__}")
        _print(f())


if __name__ == "__main__":
    main()
