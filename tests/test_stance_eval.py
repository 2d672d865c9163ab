"""Scoring of `stancewatch evaluate stance`: contrast pairs and the two-class view of a two-class set."""

import numpy as np

from stancewatch.evaluate.stance import contrast_pairs, score_set

LABELS = ["favor", "against", "neutral"]


def test_contrast_pairs_count_a_pair_only_when_both_members_are_right():
    pairs = ["p1", "p1", "p2", "p2", None, "p3"]  # p3 has one member in the set: not a pair
    correct = [True, True, True, False, True, True]
    assert contrast_pairs(pairs, correct) == {"pairs": 2, "both_right": 1, "share_both_right": 0.5}
    assert contrast_pairs([None, None], [True, False]) is None


def test_a_set_without_neutral_gold_is_also_scored_on_its_own_two_classes():
    gold = [0, 0, 1, 1]  # favor, favor, against, against
    probs = np.array(
        [
            [0.40, 0.10, 0.50],  # three-way: neutral (wrong); two-way: favor (right)
            [0.70, 0.20, 0.10],  # favor
            [0.20, 0.30, 0.50],  # three-way: neutral (wrong); two-way: against (right)
            [0.60, 0.30, 0.10],  # favor (wrong both ways)
        ]
    )
    rep = score_set(gold, probs, LABELS)
    assert rep["accuracy"] == 0.25
    two = rep["restricted_to_present_classes"]
    assert two["labels"] == ["favor", "against"]
    assert two["accuracy"] == 0.75
    assert abs(two["macro_f1"] - (0.8 + 2 / 3) / 2) < 1e-9


def test_a_set_with_all_three_classes_has_no_restricted_view():
    probs = np.eye(3)
    assert "restricted_to_present_classes" not in score_set([0, 1, 2], probs, LABELS)
