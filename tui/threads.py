"""Posting a worker thread's result back to a screen that may have been closed meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode


def post_if_attached(node: DOMNode, callback: Callable[..., object], *args: object) -> None:
    """From a worker thread: run ``callback(*args)`` on the UI thread, unless ``node`` has left the app by then
    (the consulent pressed escape while it loaded); a closed screen has nothing left to update."""

    def run() -> None:
        if node.is_attached:
            callback(*args)

    node.app.call_from_thread(run)
