"""`python -m service.cli`: the same as the `parley` command."""

from service.cli.main import main

raise SystemExit(main())
