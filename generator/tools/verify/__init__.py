"""`factsheet verify`: fetch each cited page, find each quote in it, keep the results.

- `fetch.py`: one polite, bounded HTTP GET per page (`Fetcher`, `FetchSettings`); `decode.py`
  reads its body as text;
- `extract.py`: the page's main text, title and date (trafilatura), with a full-text fallback;
- `check.py`: a source and its quotes -> per-quote results, title and date warnings, changes;
- `store.py`: the results as `content/checks/<source-id>.yaml`, written deterministically.

Nothing here imports the rest of the generator: the command wires it to the content model.
"""
