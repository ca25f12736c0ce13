"""The temporal-expression grammar behind :mod:`storyline.extract.dates`: lexicon, calendar, rules."""
