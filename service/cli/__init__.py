"""The `parley` command: serving, the page importer, and the operator subcommands."""
