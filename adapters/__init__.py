"""Store adapters: one module per kind of backing store, each exposing `open_store(url)`.

Installed as `moto_shared.adapters` (never as a top-level `adapters`, a name an
unrelated PyPI distribution already uses). `moto_shared.store.open_store`
picks the module from the URL's scheme, so adding a store is adding a module
here, a line in its scheme table, and a line in the contract suite.
"""
