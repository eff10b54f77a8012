"""Markov decision processes and the Bellman equation, in NumPy.

Run ``python snippets/mdps_and_bellman.py`` to print the worked examples of the page
"Markov decision processes and the Bellman equation"; ``python -m doctest
snippets/mdps_and_bellman.py`` runs the examples in the docstrings.

The grid world (reused by the Q-learning page). Two rows and three columns; the page names
the cells A, B, goal / C, D, pit, and the code numbers them row by row (CELL_NAMES)::

    +-------+-------+----------+
    | A  0  | B  1  | goal  2  |   the goal: reward +1 for entering it, then the episode ends
    +-------+-------+----------+
    | C  3  | D  4  | pit   5  |   the pit: reward -1 for entering it, then the episode ends
    +-------+-------+----------+   the agent starts in C (START = 3)

Actions 0, 1, 2, 3 are up, right, down, left. A move goes the intended way with probability
0.8 and slips to each of the two sideways directions with probability 0.1; a move into the
outer wall leaves the agent where it is. Every other move earns reward 0. The goal and the pit
are terminal: in the arrays they are absorbing states (every action stays put, reward 0), so
their value is 0. The discount factor is GAMMA = 0.9.

Conventions: ``P`` has shape ``(n_actions, n_states, n_states)``; ``P[a]`` is the transition
matrix of action ``a``, one row per state, ``P[a][s, s_next]`` the chance of landing in
``s_next``. ``R`` has shape ``(n_states, n_actions)``: the expected reward of action ``a`` in
state ``s``. A policy ``pi`` has shape ``(n_states, n_actions)``, each row adds up to one.
Values ``V`` have shape ``(n_states,)`` and action values ``Q`` shape ``(n_states, n_actions)``.
"""
import numpy as np

# --8<-- [start:grid]

ROWS, COLS = 2, 3
N_STATES = ROWS * COLS
ACTIONS = ("up", "right", "down", "left")
N_ACTIONS = len(ACTIONS)
# (row change, column change) of each action
STEP = {0: (-1, 0), 1: (0, 1), 2: (1, 0), 3: (0, -1)}
GOAL, PIT, START = 2, 5, 3
CELL_NAMES = ("A", "B", "goal", "C", "D", "pit")
TERMINALS = (GOAL, PIT)
REWARD_ON_ENTERING = {GOAL: 1.0, PIT: -1.0}             # every other landing: 0
SLIP = 0.1                                              # to each side
GAMMA = 0.9


def move(s, a):
    """The cell a move from s in direction a reaches.

    A wall (or a terminal state) keeps the agent in s.

    >>> move(3, 0), move(3, 3), move(1, 1)   # C up; C left: wall; B right
    (0, 3, 2)
    """
    if s in TERMINALS:
        return s
    row, col = divmod(s, COLS)
    d_row, d_col = STEP[a]
    row, col = row + d_row, col + d_col
    if 0 <= row < ROWS and 0 <= col < COLS:
        return row * COLS + col
    return s


def outcomes(s, a, slip=SLIP):
    """The (probability, next state) pairs of action a in state s.

    The intended direction with probability 1 - 2 slip, each sideways
    direction with probability slip.

    >>> outcomes(4, 0)           # up from D: to B, or slip to the pit or C
    [(0.8, 1), (0.1, 5), (0.1, 3)]
    """
    if not 0 <= slip <= 0.5:
        raise ValueError(f"slip must be between 0 and 0.5 (got {slip})")
    if s in TERMINALS:
        return [(1.0, s)]
    sideways = ((a + 1) % N_ACTIONS, (a - 1) % N_ACTIONS)
    intended = [(1.0 - 2 * slip, move(s, a))]
    return intended + [(slip, move(s, b)) for b in sideways]


def reward(s, s_next):
    """The reward r of the step s -> s_next.

    +1 into the goal, -1 into the pit, else 0.
    """
    return 0.0 if s in TERMINALS else REWARD_ON_ENTERING.get(s_next, 0.0)


def transition_matrices(slip=SLIP):
    """P[a][s, s_next] = P(s_next | s, a): one row-stochastic matrix per action.

    >>> P = transition_matrices()
    >>> P.shape, bool(np.allclose(P.sum(axis=2), 1.0))
    ((4, 6, 6), True)
    """
    P = np.zeros((N_ACTIONS, N_STATES, N_STATES))
    for s in range(N_STATES):
        for a in range(N_ACTIONS):
            for prob, s_next in outcomes(s, a, slip):
                P[a, s, s_next] += prob
    return P


def reward_function(slip=SLIP):
    """R[s, a] = sum over s_next of P(s_next | s, a) r(s, s_next).

    The expected reward of action a in state s.

    >>> reward_function()[4]             # from 4: up risks a slip into the pit
    array([-0.1, -0.8, -0.1,  0. ])
    """
    R = np.zeros((N_STATES, N_ACTIONS))
    for s in range(N_STATES):
        for a in range(N_ACTIONS):
            R[s, a] = sum(prob * reward(s, s_next)
                          for prob, s_next in outcomes(s, a, slip))
    return R


def env_step(s, a, rng, slip=SLIP):
    """Sample one step of the grid world: returns (s_next, r, done).

    >>> rng = np.random.default_rng(0)
    >>> env_step(1, 1, rng, slip=0.0)       # right from B: the goal
    (2, 1.0, True)
    """
    probs, nexts = zip(*outcomes(s, a, slip))
    s_next = nexts[rng.choice(len(nexts), p=probs)]
    return s_next, reward(s, s_next), s_next in TERMINALS
# --8<-- [end:grid]

# --8<-- [start:return]

def discounted_return(rewards, gamma):
    """G = r_1 + gamma r_2 + gamma^2 r_3 + ... for the rewards of one episode.

    >>> discounted_return([0.0, 0.0, 1.0], 0.9)
    0.81
    """
    if not 0 <= gamma <= 1:
        raise ValueError(f"gamma must be between 0 and 1 (got {gamma})")
    G = 0.0
    for r in reversed(rewards):   # G_t = r_{t+1} + gamma G_{t+1}
        G = r + gamma * G
    return round(G, 12)
# --8<-- [end:return]

# --8<-- [start:bellman]

def q_from_v(V, P, R, gamma):
    """Q(s, a) = R(s, a) + gamma sum_{s'} P(s' | s, a) V(s'), for every s and a.

    >>> P, R = transition_matrices(), reward_function()
    >>> float(q_from_v(np.zeros(6), P, R, 0.9)[1, 1])   # B, right
    0.8
    """
    return R + gamma * np.einsum("asn,n->sa", P, V)


def policy_matrix(pi, P):
    """P_pi[s, s'] = sum_a pi(a | s) P(s' | s, a).

    The transition matrix of the chain the policy drives.
    """
    return np.einsum("sa,asn->sn", pi, P)


def bellman_expectation_backup(V, pi, P, R, gamma):
    """V(s) <- sum_a pi(a | s) Q(s, a): one sweep of policy evaluation."""
    return (pi * q_from_v(V, P, R, gamma)).sum(axis=1)


def bellman_optimality_backup(V, P, R, gamma):
    """V(s) <- max_a Q(s, a): one sweep of value iteration."""
    return q_from_v(V, P, R, gamma).max(axis=1)
# --8<-- [end:bellman]

# --8<-- [start:value_iteration]

def value_iteration(P, R, gamma, tol=1e-10, max_sweeps=10_000):
    """Repeat V <- max_a Q(s, a) from V = 0 until no value moves more than tol.

    Returns (V, history): history[k] is V after k sweeps
    (history[0] is all zeros).

    >>> P, R = transition_matrices(), reward_function()
    >>> V, history = value_iteration(P, R, 0.9)
    >>> np.round(V, 4)
    array([0.8173, 0.944 , 0.    , 0.7116, 0.6564, 0.    ])
    """
    if not 0 <= gamma < 1:
        raise ValueError(f"value iteration needs 0 <= gamma < 1 (got {gamma})")
    V = np.zeros(P.shape[1])
    history = [V]
    for _ in range(max_sweeps):
        V_new = bellman_optimality_backup(V, P, R, gamma)
        history.append(V_new)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new, history
        V = V_new
    raise RuntimeError(f"no convergence in {max_sweeps} sweeps")


def greedy_policy(Q):
    """pi(a | s) = 1 for the action with the largest Q(s, a).

    On a tie, the first such action.
    """
    pi = np.zeros_like(Q)
    pi[np.arange(len(Q)), Q.argmax(axis=1)] = 1.0
    return pi
# --8<-- [end:value_iteration]

# --8<-- [start:evaluation]

def policy_evaluation_exact(pi, P, R, gamma):
    """Solve V = R_pi + gamma P_pi V, that is (I - gamma P_pi) V = R_pi.

    >>> pi = np.full((6, 4), 0.25)          # the uniformly random policy
    >>> P, R = transition_matrices(), reward_function()
    >>> np.round(policy_evaluation_exact(pi, P, R, 0.9), 4)
    array([ 0.0777,  0.2675,  0.    , -0.0777, -0.2675,  0.    ])
    """
    if not 0 <= gamma < 1:
        raise ValueError(f"need 0 <= gamma < 1 (got {gamma})")
    R_pi = (pi * R).sum(axis=1)
    A = np.eye(len(R_pi)) - gamma * policy_matrix(pi, P)
    return np.linalg.solve(A, R_pi)


def policy_evaluation_iterative(pi, P, R, gamma, sweeps):
    """Apply the Bellman expectation backup ``sweeps`` times, from V = 0."""
    V = np.zeros(P.shape[1])
    for _ in range(sweeps):
        V = bellman_expectation_backup(V, pi, P, R, gamma)
    return V
# --8<-- [end:evaluation]


# --------------------------------------------------------------------------
# Transcripts: the numbers the page states, in reading order.

P_GRID = transition_matrices()
R_GRID = reward_function()
UNIFORM = np.full((N_STATES, N_ACTIONS), 1.0 / N_ACTIONS)
TOL = 1e-10                   # value iteration stops when no value moves by more
TABLE_SWEEPS = 6              # value iteration's table shows sweeps 0 ... 6
EVAL_SWEEPS = 100


def _optimal():
    V_star, history = value_iteration(P_GRID, R_GRID, GAMMA, tol=TOL)
    Q_star = q_from_v(V_star, P_GRID, R_GRID, GAMMA)
    return V_star, history, Q_star


A, B, C, D = 0, 1, 3, 4       # the page's names for the non-terminal cells
UP, RIGHT, DOWN, LEFT = range(N_ACTIONS)
INNER = [A, B, C, D]


def claims_grid():
    """The math section: the expected reward of "up" in D (the inputs are givens)."""
    return [("R(D, up)", R_GRID[D, UP])]


def claims_return():
    """The return's bound r_max / (1 - gamma) and how much a reward ten steps away counts."""
    steps = 10
    return [("bound / r_max", 1 / (1 - GAMMA)), ("steps", steps), ("steps", steps),
            ("gamma^10", GAMMA ** steps), ("gamma", 0.5), ("gamma", 0.5), ("steps", steps),
            ("0.5^10", 0.5 ** steps)]


def mistake_max_for_a_policy():
    """Evaluating the uniformly random policy with the max gives V*, not V_pi."""
    V_right = policy_evaluation_exact(UNIFORM, P_GRID, R_GRID, GAMMA)
    V_wrong, _ = value_iteration(P_GRID, R_GRID, GAMMA)
    # The chance that the random walk ends in the goal rather than the pit, h = P_pi h
    # with h = 1 in the goal and 0 in the pit, solved over the non-terminal cells.
    P_pi = policy_matrix(UNIFORM, P_GRID)
    h = np.linalg.solve(np.eye(len(INNER)) - P_pi[np.ix_(INNER, INNER)],
                        P_pi[INNER, GOAL])
    return [("probability", UNIFORM[0, 0]), ("V(C) with max", V_wrong[C]),
            ("V(D) with max", V_wrong[D]), ("V_pi(C)", V_right[C]), ("V_pi(D)", V_right[D]),
            ("goal first from C", h[INNER.index(C)]), ("goal first from D", h[INNER.index(D)]),
            ("sweeps", EVAL_SWEEPS)]


def claims_convergence():
    """The convergence text: the shrink per sweep, when the greedy actions settle, the eigenvalue.

    Errors are measured against the exact V* (the greedy policy's linear solve), not against
    value iteration's own last sweep.
    """
    _, history, Q_star = _optimal()
    pi = greedy_policy(Q_star)
    V_star = policy_evaluation_exact(pi, P_GRID, R_GRID, GAMMA)
    M = GAMMA * policy_matrix(pi, P_GRID)[np.ix_(INNER, INNER)]
    rate = max(abs(np.linalg.eigvals(M)))
    errors = [np.max(np.abs(h - V_star)) for h in history]
    # The first sweep from which every cell's best action is the greedy policy's, for good.
    greedy_k = [np.array_equal(Q_from(h).argmax(axis=1), pi.argmax(axis=1)) for h in history]
    settled = max(k for k, same in enumerate(greedy_k) if not same) + 2   # sweep k + 1 uses V_k
    late_ratio = errors[-1] / errors[-2]
    return [("observed ratio", errors[20] / errors[19]), ("settle sweep", settled),
            ("largest eigenvalue", rate), ("observed ratio, last sweep", late_ratio),
            ("sweeps", len(history) - 1), ("tolerance", TOL)]


def Q_from(V):
    """Q of the grid world for given state values (a short name for the transcripts)."""
    return q_from_v(V, P_GRID, R_GRID, GAMMA)


def _switch_sweep(history):
    """The first sweep from which D's best action is left for good."""
    best = [Q_from(h)[D].argmax() for h in history[:-1]]   # sweep k + 1 maximises Q_from(V_k)
    last_other = max(k for k, a in enumerate(best) if a != LEFT)
    return last_other + 2


def _first_sweep_with_value(history, s):
    return next(k for k, h in enumerate(history) if h[s] != 0)


def worked_example():
    """Value iteration on the grid world: two sweeps by hand, the table, the greedy policy."""
    g, slip, intended = GAMMA, SLIP, 1 - 2 * SLIP
    V_star, history, Q_star = _optimal()
    V0, V1, V2 = history[0], history[1], history[2]
    goal = REWARD_ON_ENTERING[GOAL]
    pit = REWARD_ON_ENTERING[PIT]
    t = [("gamma", g), ("slip", slip), ("V0", 0.0)]
    # Sweep one: "right" from B.
    t += [("intended", intended), ("goal reward", goal)]
    t += [("intended", intended), ("goal reward", goal), ("slip", slip), ("V0(B)", V0[B]),
          ("slip", slip), ("V0(D)", V0[D]), ("Q1(B, right)", Q_from(V0)[B, RIGHT])]
    t += [("V1(D)", V1[D]), ("Q1(D, up)", Q_from(V0)[D, UP])]
    # Sweep two: "right" from A (slips: up into the wall, down to C).
    t += [("intended", intended), ("gamma", g), ("slip", slip), ("gamma", g), ("slip", slip),
          ("gamma", g)]
    t += [("intended", intended), ("gamma", g), ("V1(B)", V1[B]), ("slip", slip), ("gamma", g),
          ("V1(A)", V1[A]), ("slip", slip), ("gamma", g), ("V1(C)", V1[C]), ("V2(A)", V2[A])]
    # Sweep two: "up" from D (slips: left to C, right into the pit).
    t += [("intended", intended), ("gamma", g), ("V1(B)", V1[B]), ("slip", slip), ("gamma", g),
          ("V1(C)", V1[C]), ("slip", slip), ("pit", pit), ("V2(D)", V2[D])]
    # The table: sweeps 0 ... TABLE_SWEEPS.
    for k in range(TABLE_SWEEPS + 1):
        h = history[k]
        change = np.max(np.abs(h - history[k - 1])) if k else 0.0
        t += [("k", k), (f"V{k}", h[INNER]), (f"change {k}", change)]
    t += [("first sweep with V(C)", _first_sweep_with_value(history, C)),
          ("sweeps", len(history) - 1), ("V*", V_star[INNER])]
    # The greedy policy in D: the safe detour left beats the shortcut up.
    t += [("Q*(D, up)", Q_star[D, UP]), ("Q*(D, left)", Q_star[D, LEFT]),
          ("pit chance of up", slip), ("switch sweep", _switch_sweep(history))]
    return t


def worked_example_linear():
    """Policy evaluation of the greedy policy: a 4-by-4 linear system, and iteration agrees."""
    V_star, _, Q_star = _optimal()
    pi = greedy_policy(Q_star)
    g, slip, intended = GAMMA, SLIP, 1 - 2 * SLIP
    A_sys = (np.eye(N_STATES) - g * policy_matrix(pi, P_GRID))[np.ix_(INNER, INNER)]
    b = (pi * R_GRID).sum(axis=1)[INNER]
    V_exact = policy_evaluation_exact(pi, P_GRID, R_GRID, g)
    t = [("terminal value", V_star[GOAL]), ("unknowns", len(INNER))]
    # Row of B ("right"): V(B) = 0.8 (1 + 0) + 0.1 gamma V(B) + 0.1 gamma V(D).
    t += [("intended", intended), ("goal reward", REWARD_ON_ENTERING[GOAL]),
          ("goal value", V_star[GOAL]), ("slip", slip), ("slip", slip)]
    t += [("intended", intended), ("goal reward", REWARD_ON_ENTERING[GOAL]), ("slip", slip),
          ("gamma", g), ("slip", slip), ("gamma", g)]
    t += [("I - gamma P_pi", A_sys), ("R_pi", b), ("V exact", V_exact[INNER])]
    t += [("sweeps", EVAL_SWEEPS)]
    return t


def exercise_return():
    """Exercise 1: the return of the rewards 1, 0, 2 with gamma = 0.5."""
    rewards, g = [1.0, 0.0, 2.0], 0.5
    terms = [g ** k * r for k, r in enumerate(rewards)]
    return [("exercise", 1), ("rewards", rewards), ("gamma", g),
            ("r1", rewards[0]), ("gamma", g), ("r2", rewards[1]), ("gamma", g), ("r3", rewards[2]),
            ("terms", terms), ("G", discounted_return(rewards, g)), ("gamma^2", g ** 2)]


def exercise_forever():
    """Exercise 2: reward 1 on every step forever, gamma = 0.9: V = 1 / (1 - gamma)."""
    g, r = GAMMA, 1.0
    P = np.ones((1, 1, 1))                       # one state, one action, stays put
    V = policy_evaluation_exact(np.ones((1, 1)), P, np.array([[r]]), g)[0]
    return [("exercise", 2), ("r", r), ("gamma", g),
            ("r", r), ("gamma", g), ("one", 1.0), ("gamma", g), ("r", r),
            ("one minus gamma", 1 - g), ("r", r), ("V", V), ("one", 1.0), ("one", 1.0)]


def exercise_backup():
    """Exercise 3: one Bellman optimality backup with two sure moves."""
    g = GAMMA
    V_next = {"left": 10.0, "right": 4.0}
    R = {"left": 0.0, "right": 5.0}
    Q = {k: R[k] + g * V_next[k] for k in V_next}
    return [("exercise", 3), ("V after left", V_next["left"]), ("r(left)", R["left"]),
            ("V after right", V_next["right"]), ("r(right)", R["right"]), ("gamma", g),
            ("r(left)", R["left"]), ("gamma", g), ("V after left", V_next["left"]),
            ("Q(left)", Q["left"]),
            ("r(right)", R["right"]), ("gamma", g), ("V after right", V_next["right"]),
            ("Q(right)", Q["right"]), ("V*", max(Q.values()))]


def exercise_two_states():
    """Exercise 4: two states that swap forever; solve the 2-by-2 system."""
    g = 0.5
    P = np.array([[[0.0, 1.0], [1.0, 0.0]]])     # one action: u -> w, w -> u
    R = np.array([[1.0], [0.0]])                 # reward 1 leaving u, 0 leaving w
    V = policy_evaluation_exact(np.ones((2, 1)), P, R, g)
    return [("exercise", 4), ("r(u)", 1.0), ("r(w)", 0.0), ("gamma", g),
            ("r(u)", 1.0), ("gamma", g), ("r(w)", 0.0), ("gamma", g),
            ("r(u)", 1.0), ("gamma^2", g * g), ("1 - gamma^2", 1 - g * g), ("r(u)", 1.0),
            ("V(u)", V[0]), ("gamma", g), ("V(u)", V[0]), ("V(w)", V[1])]


def claims_interview_questions():
    """Sweeps of value iteration that guarantee an error below one millionth, gamma = 0.99."""
    g, r_max, tol = 0.99, 1.0, 1e-6
    bound0 = r_max / (1 - g)                     # |V*| <= r_max / (1 - gamma)
    k = int(np.ceil(np.log(tol / bound0) / np.log(g)))
    rate = dict(claims_convergence())["observed ratio"]
    return [("gamma", g), ("1 - gamma", 1 - g), ("bound", bound0), ("bound", bound0),
            ("bound", bound0), ("gamma", g), ("tol", tol), ("tol / bound", tol / bound0),
            ("gamma", g), ("k", k), ("grid world's shrink", round(rate, 1))]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>22} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


def main():
    """Print the worked examples as transcripts: name = value, in reading order."""
    print("# Value iteration on the grid world")
    _print(worked_example())
    print("# Policy evaluation as a linear system")
    _print(worked_example_linear())


if __name__ == "__main__":
    main()
