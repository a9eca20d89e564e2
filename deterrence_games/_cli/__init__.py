"""Command-line plugins: each module defines ``add_parser(subparsers)`` for one subcommand."""
