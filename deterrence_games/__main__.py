"""``python -m deterrence_games`` runs the command line."""

from .cli import main

raise SystemExit(main())
