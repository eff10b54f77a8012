"""Tests of snippets/q_learning.py, against hand arithmetic, a linear solve of the Bellman
equation for the optimal path (a different algorithm from value iteration), closed forms (the
value of looping forever, the expected maximum of normals), frequencies of many draws, and
properties of the learned tables."""
from __future__ import annotations

import math

import numpy as np
import pytest

import q_learning as ql
from transcript_check import check, each

GAMMA = 0.9
UP, RIGHT, DOWN, LEFT = range(4)
A, B, C, D, E, F, G, H = range(8)
START, GOAL = 8, 11


# --------------------------------------------------------------------------
# The world


def test_step_follows_the_rules_by_hand():
    assert ql.step(START, UP) == (E, -1.0, False)
    assert ql.step(START, LEFT) == (START, -1.0, False)      # wall: stay
    assert ql.step(START, DOWN) == (START, -1.0, False)
    assert ql.step(START, RIGHT) == (START, -100.0, False)   # cliff: back to the start
    assert ql.step(F, DOWN) == (START, -100.0, False)
    assert ql.step(G, DOWN) == (START, -100.0, False)
    assert ql.step(H, DOWN) == (GOAL, 10.0, True)
    assert ql.step(A, UP) == (A, -1.0, False)
    assert ql.step(D, RIGHT) == (D, -1.0, False)


@pytest.mark.parametrize("s", [GOAL, 9, 10, -1, 12])
def test_step_refuses_cells_no_move_starts_from(s):
    with pytest.raises(ValueError):
        ql.step(s, UP)


# --------------------------------------------------------------------------
# Value iteration


def optimal_values_by_linear_solve(gamma):
    """V* along the optimal policy, by solving (I - gamma P) V = R for that policy.

    The policy is written down by hand: from the start go up, along the middle row to H, then
    down; from the top row go right to D, then down; from the middle row go right, from H down.
    """
    policy = {A: RIGHT, B: RIGHT, C: RIGHT, D: DOWN, E: RIGHT, F: RIGHT, G: RIGHT, H: DOWN,
              START: UP}
    cells = sorted(policy)
    index = {s: i for i, s in enumerate(cells)}
    P = np.zeros((len(cells), len(cells)))
    R = np.zeros(len(cells))
    moves = {UP: (-1, 0), RIGHT: (0, 1), DOWN: (1, 0)}
    for s, a in policy.items():
        row, col = divmod(s, 4)
        nxt = (row + moves[a][0]) * 4 + col + moves[a][1]
        if nxt == GOAL:
            R[index[s]] = 10.0
        else:
            R[index[s]] = -1.0
            P[index[s], index[nxt]] = 1.0
    V = np.linalg.solve(np.eye(len(cells)) - gamma * P, R)
    return {s: V[index[s]] for s in cells}


def test_value_iteration_matches_the_linear_solve_for_the_optimal_path():
    Q = ql.value_iteration_q(GAMMA)
    for s, v in optimal_values_by_linear_solve(GAMMA).items():
        assert Q[s].max() == pytest.approx(v, abs=1e-10)


def test_value_iteration_satisfies_the_bellman_optimality_equation():
    Q = ql.value_iteration_q(GAMMA)
    for s in list(range(8)) + [START]:
        for a in range(4):
            s2, r, done = ql.step(s, a)
            assert Q[s, a] == pytest.approx(r + (0 if done else GAMMA * Q[s2].max()), abs=1e-10)


def test_value_iteration_by_hand_along_the_middle_row():
    Q = ql.value_iteration_q(GAMMA)
    # H: 10; G: -1 + 0.9 * 10 = 8; F: -1 + 7.2 = 6.2; E: -1 + 5.58 = 4.58; start: -1 + 4.122
    assert [Q[s].max() for s in (H, G, F, E, START)] == pytest.approx([10, 8, 6.2, 4.58, 3.122])
    # the cliff move from the start: -100 + 0.9 * 3.122
    assert Q[START, RIGHT] == pytest.approx(-100 + 0.9 * 3.122)


# --------------------------------------------------------------------------
# The updates


def test_q_learning_update_by_hand():
    Q = np.zeros((3, 4))
    Q[1] = [1.0, -2.0, 4.0, 0.5]
    Q[0, 2] = 1.0
    new, delta = ql.q_learning_update(Q, 0, 2, 0.5, 1, False, 0.25, 0.5)
    assert delta == pytest.approx(0.5 + 0.5 * 4.0 - 1.0)           # 1.5
    assert new[0, 2] == pytest.approx(1.0 + 0.25 * 1.5)
    new[0, 2] = Q[0, 2]
    assert np.array_equal(new, Q)                                   # nothing else moved
    assert Q[0, 2] == 1.0                                           # the input is untouched


def test_a_terminal_step_has_no_max_term():
    Q = np.full((2, 4), 7.0)
    _, delta = ql.q_learning_update(Q, 0, 0, 10.0, 1, True, 0.5, 0.9)
    assert delta == pytest.approx(10.0 - 7.0)
    _, delta = ql.sarsa_update(Q, 0, 0, 10.0, 1, None, True, 0.5, 0.9)
    assert delta == pytest.approx(10.0 - 7.0)


def test_sarsa_uses_the_action_taken_not_the_best():
    Q = np.zeros((2, 4))
    Q[1] = [2.0, -1.0, 6.0, 0.0]
    for a_next, value in enumerate(Q[1]):
        _, delta = ql.sarsa_update(Q, 0, 0, -1.0, 1, a_next, False, 0.5, 0.9)
        assert delta == pytest.approx(-1.0 + 0.9 * value)


def test_sarsa_and_q_learning_agree_when_the_next_action_is_greedy():
    rng = np.random.default_rng(3)
    Q = rng.standard_normal((5, 4))
    a_best = int(np.argmax(Q[2]))
    q_new, _ = ql.q_learning_update(Q, 0, 1, 0.3, 2, False, 0.2, 0.95)
    s_new, _ = ql.sarsa_update(Q, 0, 1, 0.3, 2, a_best, False, 0.2, 0.95)
    np.testing.assert_allclose(q_new, s_new)


# --------------------------------------------------------------------------
# Epsilon-greedy


def test_epsilon_greedy_probs_by_hand():
    np.testing.assert_allclose(ql.epsilon_greedy_probs([0.0, 2.0, 1.0, -1.0], 0.1),
                               [0.025, 0.925, 0.025, 0.025])
    np.testing.assert_allclose(ql.epsilon_greedy_probs([1.5, 3.0, 3.0, 0.0], 0.2),
                               [0.05, 0.45, 0.45, 0.05])
    np.testing.assert_allclose(ql.epsilon_greedy_probs([5.0, 1.0], 0.0), [1.0, 0.0])
    np.testing.assert_allclose(ql.epsilon_greedy_probs([5.0, 1.0, 2.0], 1.0), [1 / 3] * 3)


@pytest.mark.parametrize("eps", [-0.1, 1.5])
def test_epsilon_outside_zero_one_is_refused(eps):
    with pytest.raises(ValueError):
        ql.epsilon_greedy_probs([0.0, 1.0], eps)


def test_epsilon_greedy_draws_match_the_probabilities():
    rng = np.random.default_rng(0)
    q_row = np.array([1.5, 3.0, 3.0, 0.0])
    n = 40_000
    counts = np.bincount([ql.epsilon_greedy(q_row, 0.2, rng) for _ in range(n)], minlength=4)
    expected = np.array([0.05, 0.45, 0.45, 0.05])
    # four standard errors of a binomial proportion
    assert np.all(np.abs(counts / n - expected) < 4 * np.sqrt(expected * (1 - expected) / n))


# --------------------------------------------------------------------------
# Learning


def test_q_learning_from_random_moves_reaches_value_iteration():
    Q, gaps = ql.learn_from_random_moves(ql.q_learning_update, 100, 0.5, GAMMA, 0)
    np.testing.assert_allclose(Q, ql.value_iteration_q(GAMMA), atol=1e-12)
    assert gaps[0] == pytest.approx(100 - 0.9 * 3.122)                # 97.19, before learning
    assert gaps[-1] < 1e-14


def test_greedy_paths_and_their_rewards_by_hand():
    comp = ql.cliff_comparison()
    q_path, s_path = comp["q-learning"][0][0], comp["sarsa"][0][0]
    assert q_path == [START, E, F, G, H, GOAL]
    assert s_path == [START, E, A, B, C, D, H, GOAL]                   # up to the top row
    for method in ("q-learning", "sarsa"):                               # every run agrees
        assert all(p == comp[method][0][0] for p in comp[method][0])
    assert ql.path_reward(q_path) == 4 * -1 + 10
    assert ql.path_reward(s_path) == 6 * -1 + 10


def test_sarsa_earns_more_than_q_learning_while_exploring():
    comp = ql.cliff_comparison()
    q_totals, s_totals = comp["q-learning"][1], comp["sarsa"][1]
    assert q_totals.shape == s_totals.shape == (10, 500)
    assert s_totals[:, -100:].mean() > q_totals[:, -100:].mean()


def test_the_bug_learns_the_value_of_looping_forever():
    """Ignoring done at an auto-reset goal: the start is worth one lap's discounted return,
    repeated every 5 steps, V = 3.122 / (1 - 0.9^5), and the goal step 10 + 0.9 V."""
    lap = -1 - 0.9 - 0.81 - 0.729 + 0.9 ** 4 * 10
    loop = lap / (1 - 0.9 ** 5)
    check(ql.mistake_terminal_bootstrap(),
          {"Q(H, down), right": 10.0, "Q(H, down), wrong": 10 + 0.9 * loop,
           "V(start), wrong": loop, "V(start), right": lap}, rtol=1e-9)


def test_expected_max_of_normals_closed_forms_and_monte_carlo():
    assert ql.expected_max_of_normals(1) == pytest.approx(0.0, abs=1e-9)
    assert ql.expected_max_of_normals(2) == pytest.approx(1 / math.sqrt(math.pi), abs=1e-6)
    assert ql.expected_max_of_normals(3) == pytest.approx(3 / (2 * math.sqrt(math.pi)), abs=1e-6)
    draws = np.random.default_rng(1).standard_normal((400_000, 4)).max(axis=1)
    assert ql.expected_max_of_normals(4) == pytest.approx(draws.mean(), abs=4 * draws.std() / 632)


# --------------------------------------------------------------------------
# Transcripts, against hand-derived values


def test_worked_example_table_by_hand():
    rows, Q = ql.example_table()
    # episode one: four steps of -1 + 0.9 * 0, then the goal's 10; halfway each time
    # episode two: -1 - (-0.5) = -0.5 three times; G: -1 + 0.9 * 5 = 3.5, delta 4; H: 10 - 5
    deltas = [-1, -1, -1, -1, 10, -0.5, -0.5, -0.5, 4, 5]
    news = [-0.5, -0.5, -0.5, -0.5, 5, -0.75, -0.75, -0.75, 1.5, 7.5]
    assert [r[7] for r in rows] == pytest.approx(deltas)
    assert [r[8] for r in rows] == pytest.approx(news)
    assert [r[5] for r in rows] == [0, 0, 0, 0, None, 0, 0, 0, 5, None]
    check(ql.worked_example(), {"Q*(G, right)": 8.0, "Q*(H, down)": 10.0,
                                "new Q(G, right)": 1.5, "new Q(H, down)": each(5.0, 7.5),
                                "goal target": 10.0, "towards": 10.0})


def test_claims_by_hand():
    check(ql.claims_epsilon_greedy(), {"greedy": 1 - 0.1 + 0.1 / 4, "other": 0.1 / 4})
    check(ql.claims_sarsa_vs_q(), {"Q-learning steps": 5, "SARSA steps": 7,
                                   "Q-learning greedy reward": 6})
    check(ql.claims_convergence(), {"V top row": [3.122, 4.58, 6.2, 8.0],
                                    "V middle row, goal's 10 is a given": [4.58, 6.2, 8.0],
                                    "cliff entry": -100 + 0.9 * 3.122,
                                    "gap before learning": 100 - 0.9 * 3.122})


def test_exercises_by_hand():
    check(ql.exercise_one_update(), {"target": 1 + 0.9 * 4, "delta": 2.6, "new Q": 2.26})
    check(ql.exercise_epsilon_greedy(), {"random part": 0.05, "greedy part": 0.8,
                                         "each tied": 0.4, "probabilities": [0.05, 0.45, 0.45, 0.05],
                                         "sum": 1.0})
    check(ql.exercise_sarsa_vs_q(), {"Q target": 4.4, "Q delta": 3.4, "Q-learning new Q": 2.7,
                                     "SARSA target": -1.9, "SARSA delta": -2.9,
                                     "SARSA new Q": -0.45})
    check(ql.exercise_cliff_step(), {"target": -97.3, "delta": -97.3, "new Q": -48.65})


def test_interview_estimate_by_hand():
    check(ql.claims_interview_questions(), {"states": 1e12, "actions": 729, "entries": 7.29e14,
                                            "bytes": 2.916e15, "petabytes": 2.916})
