"""One module per command: `configure(parser)` adds its flags, `run(args, printer)` does it."""
