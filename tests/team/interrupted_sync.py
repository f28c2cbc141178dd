"""Run `regie team sync` in a subprocess that stops halfway (push or pull) and waits to be killed.

Usage: python -m tests.team.interrupted_sync DATABASE URL push|pull
It prints "halverwege" when it is inside the second batch, then blocks on stdin.
"""

from __future__ import annotations

import sys

from services import team
from storage.paths import resolve
from storage.store import open_store
from storage.team import server


def _stall_after(function, calls: int):
    count = 0

    def wrapper(*args, **kwargs):
        nonlocal count
        count += 1
        if count == calls:
            print("halverwege", flush=True)
            sys.stdin.readline()  # killed here
        return function(*args, **kwargs)
    return wrapper


def main() -> None:
    database, url, phase = sys.argv[1:4]
    team.PUSH_BATCH = team.PULL_BATCH = 2
    if phase == "push":  # inside the second batch's server transaction: the first batch is committed
        server.Batch.take = _stall_after(server.Batch.take, 3)  # the set-based path works out each operation here
    else:  # inside the second batch's local transaction: the first batch is applied and committed
        team.apply_many = _stall_after(team.apply_many, 2)  # one call per batch
    store = open_store(resolve(database), backup_on_start=False)
    team.sync(store, url=url)
    print("klaar", flush=True)


if __name__ == "__main__":
    main()
