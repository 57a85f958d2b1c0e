"""One module per command: `OPTIONS` declares its flags, `run(args, printer)` does it."""
