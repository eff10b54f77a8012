"""Q-learning and SARSA on a small cliff world, in NumPy.

Run ``python snippets/q_learning.py`` to print the worked example of the page
"Q-learning"; ``python -m doctest snippets/q_learning.py`` runs the examples in
the docstrings.

Conventions: a state is a cell number ``s = row * N_COLS + col`` (row 0 at the
top); an action is 0 up, 1 right, 2 down, 3 left. A table ``Q`` has one row per
state and one column per action. ``step`` is the environment: deterministic,
so every transition here can be followed on paper.
"""
import numpy as np

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

def value_iteration_q(gamma, tol=1e-12):
    """Q* of the cliff world by value iteration (the answer Q-learning should reach).

    Sweeps Q(s, a) <- R(s, a) + gamma max_a' Q(s', a') over every cell an agent
    can stand on until no entry moves by more than ``tol``. The goal's and the
    cliff's rows stay zero: no move starts there.

    >>> Q = value_iteration_q(0.9)
    >>> round(float(Q[START].max()), 4)   # -(1 + 0.9 + 0.81 + 0.729) + 0.9^4 * 10
    3.122
    """
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    cells = [s for s in range(N_ROWS * N_COLS) if s != GOAL and s not in CLIFF]
    while True:
        new = np.zeros_like(Q)
        for s in cells:
            for a in range(len(ACTIONS)):
                s_next, r, done = step(s, a)
                new[s, a] = r + (0.0 if done else gamma * Q[s_next].max())
        if np.abs(new - Q).max() < tol:
            return new
        Q = new
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
    >>> float(delta), float(new[0, 1])           # -1 + 0.9 * 2 - 0 (not the max, 5)
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
    """pi(a | s): 1 - epsilon + epsilon/n for the greedy action, epsilon/n for each other.

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
    """Draw an action: with probability epsilon a uniformly random one, else a best one."""
    if rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    best = np.flatnonzero(q_row == q_row.max())     # break ties at random
    return int(rng.choice(best))
# --8<-- [end:epsilon_greedy]

# --8<-- [start:train]

def run_episode(Q, method, alpha, gamma, epsilon, rng, max_steps=1000):
    """Play one episode from START, learning as it goes; returns (Q, total reward).

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
    """Learn from a zero table for some episodes; returns (Q, each episode's total reward)."""
    rng = np.random.default_rng(seed)
    Q = np.zeros((N_ROWS * N_COLS, len(ACTIONS)))
    totals = np.empty(episodes)
    for k in range(episodes):
        Q, totals[k] = run_episode(Q, method, alpha, gamma, epsilon, rng)
    return Q, totals


def greedy_path(Q, max_steps=50):
    """The cells the greedy policy (epsilon = 0) visits from START; ties go to the first action."""
    s, path = START, [START]
    for _ in range(max_steps):
        s, _, done = step(s, int(np.argmax(Q[s])))
        path.append(s)
        if done:
            return path
    return path
# --8<-- [end:train]
