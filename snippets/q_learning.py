"""Q-learning and SARSA on a small cliff world, in NumPy.

Run ``python snippets/q_learning.py`` to print the worked example of the page
"Q-learning"; ``python -m doctest snippets/q_learning.py`` runs the examples in
the docstrings.

Conventions: a state is a cell number ``s = row * N_COLS + col`` (row 0 at the
top); an action is 0 up, 1 right, 2 down, 3 left. A table ``Q`` has one row per
state and one column per action. ``step`` is the environment: deterministic,
so every transition here can be followed on paper.
"""
import math

import numpy as np

from mdps_and_bellman import q_from_v, value_iteration

# --8<-- [start:world]

N_ROWS, N_COLS = 3, 4
START, GOAL = 8, 11                 # bottom-left and bottom-right cells
CLIFF = (9, 10)                     # the two bottom cells between them
STEP_REWARD, CLIFF_REWARD, GOAL_REWARD = -1.0, -100.0, 10.0
ACTIONS = ("up", "right", "down", "left")
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))   # (row, col) change of each action


def step(s, a):
    """One move of the cliff world: returns (next state, reward, episode over?).

    Every move costs STEP_REWARD; a move off the grid leaves the agent where it
    is. Stepping into the cliff costs CLIFF_REWARD and puts the agent back at
    START; reaching GOAL earns GOAL_REWARD and ends the episode.

    >>> step(START, 0)                # up from the start
    (4, -1.0, False)
    >>> step(START, 1)                # right, into the cliff
    (8, -100.0, False)
    >>> step(7, 2)                    # down into the goal
    (11, 10.0, True)
    """
    if not (0 <= s < N_ROWS * N_COLS) or s == GOAL or s in CLIFF:
        raise ValueError(f"no move starts from cell {s}")
    row, col = divmod(s, N_COLS)
    d_row, d_col = MOVES[a]
    row = min(max(row + d_row, 0), N_ROWS - 1)
    col = min(max(col + d_col, 0), N_COLS - 1)
    s_next = row * N_COLS + col
    if s_next in CLIFF:
        return START, CLIFF_REWARD, False
    if s_next == GOAL:
        return GOAL, GOAL_REWARD, True
    return s_next, STEP_REWARD, False
# --8<-- [end:world]

# --8<-- [start:value_iteration]

def cliff_model():
    """The cliff world as the MDPs page's arrays: P[a, s, s'] and R[s, a].

    Each move is deterministic, so each row of P holds a single one. The goal
    and the cliff cells are absorbing with reward zero (no move starts there).
    """
    n = N_ROWS * N_COLS
    P, R = np.zeros((len(ACTIONS), n, n)), np.zeros((n, len(ACTIONS)))
    for s in range(n):
        for a in range(len(ACTIONS)):
            if s == GOAL or s in CLIFF:
                P[a, s, s] = 1.0
                continue
            s_next, R[s, a], _ = step(s, a)
            P[a, s, s_next] = 1.0
    return P, R


def value_iteration_q(gamma, tol=1e-12):
    """Q* of the cliff world (what Q-learning should reach), by the MDPs page's
    value iteration on the arrays above, then Q = R + gamma P V.

    >>> Q = value_iteration_q(0.9)
    >>> round(float(Q[START].max()), 4)  # -1 - 0.9 - 0.81 - 0.729 + 0.9^4 10
    3.122
    """
    P, R = cliff_model()
    V, _ = value_iteration(P, R, gamma, tol=tol)
    return q_from_v(V, P, R, gamma)
# --8<-- [end:value_iteration]

# --8<-- [start:updates]

def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One Q-learning step; returns (new table, TD error delta).

    delta = r + gamma max_a' Q(s', a') - Q(s, a)   (no max term when done)
    Q(s, a) <- Q(s, a) + alpha delta

    >>> Q = np.zeros((2, 2)); Q[1] = [3.0, 5.0]
    >>> new, delta = q_learning_update(Q, 0, 1, -1.0, 1, False, 0.5, 0.9)
    >>> float(delta), float(new[0, 1])           # -1 + 0.9 * 5 - 0
    (3.5, 1.75)
    """
    target = r if done else r + gamma * Q[s_next].max()
    delta = target - Q[s, a]
    new = Q.copy()
    new[s, a] += alpha * delta
    return new, delta


def sarsa_update(Q, s, a, r, s_next, a_next, done, alpha, gamma):
    """One SARSA step: the target uses the action a' the agent will really take.

    >>> Q = np.zeros((2, 2)); Q[1] = [2.0, 5.0]
    >>> new, delta = sarsa_update(Q, 0, 1, -1.0, 1, 0, False, 0.5, 0.9)
    >>> float(delta), float(new[0, 1])   # -1 + 0.9 * 2 - 0 (not the max, 5)
    (0.8, 0.4)
    """
    target = r if done else r + gamma * Q[s_next, a_next]
    delta = target - Q[s, a]
    new = Q.copy()
    new[s, a] += alpha * delta
    return new, delta
# --8<-- [end:updates]

# --8<-- [start:epsilon_greedy]

def epsilon_greedy_probs(q_row, epsilon):
    """pi(a | s): 1 - eps + eps/n for the greedy action, eps/n for each other.

    Ties for the best value share the greedy part equally.

    >>> epsilon_greedy_probs(np.array([0.0, 2.0, 1.0, -1.0]), 0.1)
    array([0.025, 0.925, 0.025, 0.025])
    """
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(f"epsilon must lie in [0, 1], got {epsilon}")
    q_row = np.asarray(q_row, dtype=float)
    best = q_row == q_row.max()
    return epsilon / len(q_row) + (1.0 - epsilon) * best / best.sum()


def epsilon_greedy(q_row, epsilon, rng):
    """With probability epsilon a uniformly random action, else a best one."""
    if rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    best = np.flatnonzero(q_row == q_row.max())     # break ties at random
    return int(rng.choice(best))
# --8<-- [end:epsilon_greedy]

# --8<-- [start:train]

def run_episode(Q, method, alpha, gamma, epsilon, rng, max_steps=1000):
    """Play one episode from START, learning as it goes; returns (Q, reward).

    ``method`` is "q-learning" or "sarsa"; both act epsilon-greedily.
    """
    s, total = START, 0.0
    a = epsilon_greedy(Q[s], epsilon, rng)
    for _ in range(max_steps):
        s_next, r, done = step(s, a)
        total += r
        a_next = None if done else epsilon_greedy(Q[s_next], epsilon, rng)
        if method == "q-learning":
            Q, _ = q_learning_update(Q, s, a, r, s_next, done, alpha, gamma)
        elif method == "sarsa":
            Q, _ = sarsa_update(Q, s, a, r, s_next, a_next, done, alpha, gamma)
        else:
            raise ValueError(f"unknown method {method!r}")
        if done:
            break
        s, a = s_next, a_next
    return Q, total


def train(method, episodes, alpha, gamma, epsilon, seed):
    """Learn from a zero table; returns (Q, each episode's total reward)."""
    rng = np.random.default_rng(seed)
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    totals = np.empty(episodes)
    for k in range(episodes):
        Q, totals[k] = run_episode(Q, method, alpha, gamma, epsilon, rng)
    return Q, totals


def greedy_path(Q, max_steps=50):
    """The cells the greedy policy visits from START (ties: first action)."""
    s, path = START, [START]
    for _ in range(max_steps):
        s, _, done = step(s, int(np.argmax(Q[s])))
        path.append(s)
        if done:
            return path
    return path
# --8<-- [end:train]


# ---------------------------------------------------------------------------
# The page's numbers: transcripts, in reading order.

GAMMA = 0.9
EXAMPLE_ALPHA = 0.5                  # the hand-worked table
CLIFF_ALPHA, EPSILON = 0.1, 0.1      # SARSA against Q-learning
EPISODES, RUNS, LAST = 500, 10, 100
CELL_NAMES = ("A", "B", "C", "D", "E", "F", "G", "H", "start", "cliff", "cliff", "goal")
EXAMPLE_WALK = (0, 1, 1, 1, 2)       # up, right, right, right, down: fixed moves


def example_table():
    """The worked example's rows: two episodes along EXAMPLE_WALK from a zero table.

    Each row is (step, s, a, r, s', best next value or None, target, delta, new Q(s, a)).
    """
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    rows, k = [], 0
    for _ in range(2):
        s = START
        for a in EXAMPLE_WALK:
            s_next, r, done = step(s, a)
            best = None if done else float(Q[s_next].max())
            Q, delta = q_learning_update(Q, s, a, r, s_next, done, EXAMPLE_ALPHA, GAMMA)
            k += 1
            rows.append((k, s, a, r, s_next, best, r if done else r + GAMMA * best,
                         delta, Q[s, a]))
            s = s_next
    return rows, Q


def worked_example():
    """Two episodes of Q-learning updates by hand, as the page's table and text state them."""
    rows, Q = example_table()
    Q_star = value_iteration_q(GAMMA)
    alpha, gamma = EXAMPLE_ALPHA, GAMMA
    t = [("alpha", alpha), ("gamma", gamma), ("step reward", STEP_REWARD),
         ("goal reward", GOAL_REWARD)]
    for k, s, a, r, s_next, best, target, delta, new in rows:
        t += [("step", k)]
        if best is not None:
            t += [("max Q(s')", best)]
        t += [("target", target), ("delta", delta), ("new Q", new)]
    first, fifth = rows[0], rows[4]
    t += [("episode one from", 1), ("to", 5),
          ("r", first[3]), ("gamma", gamma), ("max", first[5]), ("target", first[6]),
          ("target", first[6]), ("old Q", 0.0), ("delta", first[7]),
          ("old Q", 0.0), ("alpha", alpha), ("delta", first[7]), ("new Q", first[8]),
          ("goal target", fifth[6]),
          ("old Q", 0.0), ("alpha", alpha), ("r", fifth[3]), ("new Q(H, down)", fifth[8])]
    sixth, ninth, tenth = rows[5], rows[8], rows[9]
    t += [("episode two from", 6), ("to", 10), ("step", 6), ("max Q(E)", sixth[5]),
          ("Q(E, right)", rows[1][8]),
          ("r", sixth[3]), ("old Q", first[8]), ("delta", sixth[7]),
          ("old Q", first[8]), ("alpha", alpha), ("delta", sixth[7]), ("new Q", sixth[8]),
          ("step", 9), ("max Q(H)", ninth[5]), ("step", 5),
          ("r", ninth[3]), ("gamma", gamma), ("max Q(H)", ninth[5]), ("target", ninth[6]),
          ("target", ninth[6]), ("old Q", rows[3][8]), ("delta", ninth[7]),
          ("old Q", rows[3][8]), ("alpha", alpha), ("delta", ninth[7]), ("new Q(G, right)", ninth[8]),
          ("step", 10), ("from", fifth[8]), ("towards", tenth[6]), ("new Q(H, down)", tenth[8]),
          ("Q*(G, right)", Q_star[6, 1]), ("Q*(H, down)", Q_star[7, 2])]
    return t


def _stepped_back_into_start_update(Q, s, a, r, s_next, done, alpha, gamma):
    """The bug: an auto-resetting world hands back START at the goal, and done is ignored."""
    return q_learning_update(Q, s, a, r, START if done else s_next, False, alpha, gamma)


def learn_from_random_moves(update, episodes, alpha, gamma, seed):
    """Q-learning-style updates from an agent that picks every action uniformly at random.

    Returns the table and the largest gap to Q* before learning and after each episode.
    """
    rng = np.random.default_rng(seed)
    Q_star = value_iteration_q(gamma)
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    gaps = [np.abs(Q - Q_star).max()]
    for _ in range(episodes):
        s, done = START, False
        while not done:
            a = int(rng.integers(len(ACTIONS)))
            s_next, r, done = step(s, a)
            Q, _ = update(Q, s, a, r, s_next, done, alpha, gamma)
            s = s_next
        gaps.append(np.abs(Q - Q_star).max())
    return Q, np.array(gaps)


def mistake_terminal_bootstrap():
    """Common mistake: adding gamma max Q(s') on the step that ends the episode."""
    right, _ = learn_from_random_moves(q_learning_update, EPISODES, EXAMPLE_ALPHA, GAMMA, 0)
    wrong, _ = learn_from_random_moves(_stepped_back_into_start_update, EPISODES,
                                       EXAMPLE_ALPHA, GAMMA, 0)
    return [("gamma", GAMMA), ("alpha", EXAMPLE_ALPHA), ("episodes", EPISODES),
            ("Q(H, down), right", right[7, 2]), ("Q(H, down), wrong", wrong[7, 2]),
            ("V(start), wrong", wrong[START].max()), ("V(start), right", right[START].max())]


def claims_epsilon_greedy():
    """The epsilon-greedy probabilities for epsilon = 0.1 and four actions."""
    probs = epsilon_greedy_probs(np.array([1.0, 0.0, 0.0, 0.0]), EPSILON)
    return [("greedy", probs[0]), ("other", probs[1])]


_COMPARISON = {}


def cliff_comparison():
    """SARSA and Q-learning on the cliff world, RUNS seeds each (computed once).

    Returns {method: (greedy path of each run, totals of shape (RUNS, EPISODES))}.
    """
    if not _COMPARISON:
        for method in ("q-learning", "sarsa"):
            paths, totals = [], []
            for seed in range(RUNS):
                Q, total = train(method, EPISODES, CLIFF_ALPHA, GAMMA, EPSILON, seed)
                paths.append(greedy_path(Q))
                totals.append(total)
            _COMPARISON[method] = (paths, np.array(totals))
    return _COMPARISON


def path_reward(path):
    """The undiscounted sum of the rewards along a path of cells from START."""
    total = 0.0
    for s, s_next in zip(path, path[1:]):
        a = next(a for a in range(len(ACTIONS)) if step(s, a)[0] == s_next)
        total += step(s, a)[1]
    return total


def claims_sarsa_vs_q():
    """Greedy paths and online rewards of the two learners (the figure's numbers)."""
    comp = cliff_comparison()
    (q_paths, q_totals), (s_paths, s_totals) = comp["q-learning"], comp["sarsa"]
    if any(p != q_paths[0] for p in q_paths) or any(p != s_paths[0] for p in s_paths):
        raise ValueError("the runs disagree on the greedy path")
    return [("Q-learning steps", len(q_paths[0]) - 1), ("SARSA steps", len(s_paths[0]) - 1),
            ("Q-learning greedy reward", path_reward(q_paths[0])),
            ("last episodes", LAST),
            ("Q-learning online", q_totals[:, -LAST:].mean()),
            ("SARSA online", s_totals[:, -LAST:].mean())]


def gap_curve(method, episodes, alpha, epsilon, seed=0):
    """Largest gap between a learner's table and Q*, before learning and after each episode."""
    rng = np.random.default_rng(seed)
    Q_star = value_iteration_q(GAMMA)
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    gaps = [np.abs(Q - Q_star).max()]
    for _ in range(episodes):
        Q, _ = run_episode(Q, method, alpha, GAMMA, epsilon, rng)
        gaps.append(np.abs(Q - Q_star).max())
    return np.array(gaps)


CONVERGENCE_TOL = 1e-12
CHECKPOINTS = (10, 30, 100)


def claims_convergence():
    """Value iteration's V*, read backwards from the goal, and Q-learning's gap to it."""
    Q_star = value_iteration_q(GAMMA, CONVERGENCE_TOL)
    V = Q_star.max(axis=1)
    _, gaps = learn_from_random_moves(q_learning_update, CHECKPOINTS[-1], EXAMPLE_ALPHA, GAMMA, 0)
    t = [("tol", CONVERGENCE_TOL), ("V top row", V[0:4]), ("V middle row, goal's 10 is a given", V[4:7]),
         ("V start", V[START]),
         ("V(G)", V[6]), ("V(F)", V[5]), ("V(E)", V[4]), ("V(start)", V[START]),
         ("gap before learning", gaps[0]), ("cliff entry", Q_star[START, 1])]
    first, second = CHECKPOINTS[:2]      # the first count is a given of the page
    t += [(f"gap after {first}", gaps[first]), (f"gap after {second}", gaps[second]),
          ("episodes", second)]
    if not gaps[CHECKPOINTS[2]] < 1e-14:
        raise ValueError("Q-learning did not reach Q* within rounding noise")
    t += [("rounding bound", 1e-14), ("episodes", CHECKPOINTS[2])]
    return t


def exercise_one_update():
    """Exercise 1: one Q-learning update on fresh numbers."""
    Q = np.zeros((2, 4))
    Q[0, 0], Q[1] = 2.0, [4.0, 1.0, -2.0, 3.0]
    r, alpha, gamma = 1.0, 0.1, 0.9
    new, delta = q_learning_update(Q, 0, 0, r, 1, False, alpha, gamma)
    best, target = Q[1].max(), r + gamma * Q[1].max()
    return [("exercise", 1), ("Q(s, a)", Q[0, 0]), ("r", r), ("Q(s')", Q[1]),
            ("alpha", alpha), ("gamma", gamma),
            ("best", best), ("r", r), ("gamma", gamma), ("best", best), ("target", target),
            ("target", target), ("Q(s, a)", Q[0, 0]), ("delta", delta),
            ("Q(s, a)", Q[0, 0]), ("alpha", alpha), ("delta", delta), ("new Q", new[0, 0])]


def exercise_epsilon_greedy():
    """Exercise 2: epsilon-greedy probabilities with a tie for the best value."""
    q_row, eps = np.array([1.5, 3.0, 3.0, 0.0]), 0.2
    probs = epsilon_greedy_probs(q_row, eps)
    n_best = int((q_row == q_row.max()).sum())
    return [("exercise", 2), ("Q(s)", q_row), ("epsilon", eps),
            ("epsilon", eps), ("actions", len(q_row)), ("random part", eps / len(q_row)),
            ("one", 1.0), ("epsilon", eps), ("greedy part", 1.0 - eps),
            ("each tied", (1.0 - eps) / n_best), ("probabilities", probs),
            ("sum", probs.sum())]


def exercise_sarsa_vs_q():
    """Exercise 3: the same step under Q-learning and under SARSA."""
    Q = np.zeros((2, 4))
    Q[0, 0], Q[1] = 1.0, [2.0, -1.0, 6.0, 0.0]
    r, a_next, alpha, gamma = -1.0, 1, 0.5, 0.9
    q_new, q_delta = q_learning_update(Q, 0, 0, r, 1, False, alpha, gamma)
    s_new, s_delta = sarsa_update(Q, 0, 0, r, 1, a_next, False, alpha, gamma)
    best, taken = Q[1].max(), Q[1, a_next]
    return [("exercise", 3), ("Q(s, a)", Q[0, 0]), ("r", r), ("Q(s')", Q[1]),
            ("Q(s', a')", taken), ("alpha", alpha), ("gamma", gamma),
            ("best", best), ("r", r), ("gamma", gamma), ("best", best),
            ("Q target", r + gamma * best), ("Q target", r + gamma * best), ("Q(s, a)", Q[0, 0]),
            ("Q delta", q_delta), ("Q(s, a)", Q[0, 0]), ("alpha", alpha), ("Q delta", q_delta),
            ("Q-learning new Q", q_new[0, 0]),
            ("Q(s', a')", taken), ("r", r), ("gamma", gamma), ("Q(s', a')", taken),
            ("SARSA target", r + gamma * taken), ("SARSA target", r + gamma * taken),
            ("Q(s, a)", Q[0, 0]), ("SARSA delta", s_delta), ("Q(s, a)", Q[0, 0]),
            ("alpha", alpha), ("SARSA delta", s_delta), ("SARSA new Q", s_new[0, 0])]


def exercise_cliff_step():
    """Exercise 4: stepping from the start into the cliff."""
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    Q[START] = [3.0, 0.0, 1.0, 1.0]
    alpha, gamma = 0.5, 0.9
    s_next, r, done = step(START, 1)
    new, delta = q_learning_update(Q, START, 1, r, s_next, done, alpha, gamma)
    best, target = Q[s_next].max(), r + gamma * Q[s_next].max()
    return [("exercise", 4), ("r", r), ("Q(start)", Q[START]), ("alpha", alpha), ("gamma", gamma),
            ("best", best), ("r", r), ("gamma", gamma), ("best", best), ("target", target),
            ("target", target), ("Q(start, right)", Q[START, 1]), ("delta", delta),
            ("Q(start, right)", Q[START, 1]), ("alpha", alpha), ("delta", delta),
            ("new Q", new[START, 1])]


def expected_max_of_normals(n, grid=200_001, half_width=12.0):
    """E[max of n independent standard normals] = integral of x n phi(x) Phi(x)^(n-1) dx.

    >>> round(expected_max_of_normals(2), 4)      # exactly 1 / sqrt(pi)
    0.5642
    """
    x = np.linspace(-half_width, half_width, grid)
    phi = np.exp(-x ** 2 / 2) / np.sqrt(2 * np.pi)
    Phi = 0.5 * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))   # the cumulative distribution
    dens = n * phi * Phi ** (n - 1)
    return float((x * dens).sum() * (x[1] - x[0]))


JOINTS, ANGLES, MOVES_PER_JOINT, BYTES = 6, 100, 3, 4


def claims_interview_questions():
    """The robot-arm estimate, the bug's value and the expected maximum of four normals."""
    states = ANGLES ** JOINTS
    actions = MOVES_PER_JOINT ** JOINTS
    entries = states * actions
    wrong = dict(mistake_terminal_bootstrap())["Q(H, down), wrong"]
    return [("with the bug", wrong),
            ("joints", JOINTS), ("angles", ANGLES),
            ("angles", ANGLES), ("joints", JOINTS), ("states", states),
            ("joints", JOINTS), ("actions", actions),
            ("states", states), ("actions", actions), ("entries", entries),
            ("bytes", entries * BYTES), ("petabytes", entries * BYTES / 1e15),
            ("E max of four", expected_max_of_normals(4))]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>22} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


def main():
    """Print the worked example's table: step, s, a, r, s', max Q(s'), target, delta, new Q."""
    rows, _ = example_table()
    print(" step  s      a      r      s'     max Q(s')  target  delta  new Q")
    for k, s, a, r, s_next, best, target, delta, new in rows:
        best_text = "none" if best is None else f"{best:g}"
        print(f"{k:5d}  {CELL_NAMES[s]:6s} {ACTIONS[a]:6s} {r:5g}  {CELL_NAMES[s_next]:6s} "
              f"{best_text:>9s}  {target:6g}  {delta:5g}  {new:5g}")


if __name__ == "__main__":
    main()
