"""The use cases of regie, shared by both faces (the Textual app in `tui/` and the `regie` command in `cli/`).

Each service owns its transaction and its audit entry, takes typed inputs
and returns plain data; a face never sees an Engine, a Session or a
connection. See ARCHITECTURE.md.
"""
