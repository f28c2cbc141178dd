"""The `regie` command: argument parsing and terminal output over `services/`."""
