"""Measuring the legislation review tool on labelled laws: segmentation recall, top-1/top-3 accuracy, "maps to
nothing" precision and recall, and calibration (expected calibration error and a reliability table).

Real laws live in tests/fixtures/legislation/real/ (one text file and one YAML of labels per law) with a frozen
split (split.yaml): the development split may be studied and trained on, the test split is only measured.
"""
