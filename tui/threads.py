"""Running a service in a worker thread and painting its result on the UI thread.

Every screen reads and writes through `run_service`: the call runs off the UI
thread, its result goes to ``paint`` and its failure to ``failed`` as one Dutch
sentence, both on the UI thread and only while the screen is still there.
A `ServiceError` speaks for itself; anything else is said in general terms
(``unexpected``), never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

from services.errors import ServiceError, explain_failure

log = logging.getLogger(__name__)

DATABASE_ERROR = "De database gaf een fout ({kind})."


def post_if_attached(node: DOMNode, callback: Callable[..., object], *args: object) -> None:
    """From a worker thread: run ``callback(*args)`` on the UI thread, unless ``node`` has left the app by then
    (the consulent pressed escape while it loaded); a closed screen has nothing left to update."""

    def run() -> None:
        if node.is_attached:
            callback(*args)

    node.app.call_from_thread(run)


def failure_message(exc: BaseException, unexpected: str = DATABASE_ERROR) -> str:
    """What to tell the consulent about ``exc``: a service's own Dutch message, or ``unexpected``
    with the kind of error filled in for ``{kind}`` (no personal data: only the class name)."""
    if isinstance(exc, ServiceError):
        return str(exc)
    if (cause := explain_failure(exc)) is not None:  # a full disk, a read-only folder, a locked or damaged file
        return cause
    log.warning("service failed: %s", type(exc).__name__)
    return unexpected.format(kind=type(exc).__name__)


def run_service(
    node: DOMNode,
    call: Callable[[], Any],
    paint: Callable[[Any], object] | None = None,
    *,
    failed: Callable[[str], object] | None = None,
    refused: Callable[[ServiceError], object] | None = None,
    unexpected: str = DATABASE_ERROR,
    group: str = "service",
    exclusive: bool = True,
):
    """Run ``call()`` in a worker thread of ``node``; then ``paint(result)`` or ``failed(message)`` on the UI thread.

    Without ``failed`` the message is shown as an error notification. ``refused`` (optional) gets a
    `ServiceError` itself, for a screen that points at a field or reloads when the service said no.
    Returns the worker.
    """

    def job() -> None:
        try:
            result = call()
        except ServiceError as exc:
            if refused is not None:
                post_if_attached(node, refused, exc)
            else:
                post_if_attached(node, failed or _notify_error(node), str(exc))
            return
        except Exception as exc:  # never a traceback on screen
            message = failure_message(exc, unexpected)
            post_if_attached(node, failed or _notify_error(node), message)
            return
        if paint is not None:
            post_if_attached(node, paint, result)

    return node.run_worker(job, thread=True, exclusive=exclusive, group=group, exit_on_error=False)


def _notify_error(node: DOMNode) -> Callable[[str], None]:
    def show(message: str) -> None:
        node.notify(message, severity="error", markup=False)

    return show
