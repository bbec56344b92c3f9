"""Lessons: a teacher's chapters with questions, their CSV form, checks, codes and the database behind them."""
