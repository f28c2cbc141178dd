"""`python -m cli`: the same as the `regie` command."""

from cli.main import main

raise SystemExit(main())
