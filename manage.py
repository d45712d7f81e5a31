#!/usr/bin/env python
"""Django's command-line utility; `brygga` is the same with a shorter name."""

from brygga.cli import main

if __name__ == "__main__":
    main()
