"""Words: English and Dutch, names of codes, place-name folding, credits. Depends only on core.codes."""
