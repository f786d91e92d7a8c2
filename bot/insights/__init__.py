"""Patterns across cases for the office manager: weekly counts, response times, overdue cases,
satisfaction, and a spreadsheet export. Pure functions over plain `CaseRecord`s."""
