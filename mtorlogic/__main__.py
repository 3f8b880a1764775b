import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the command line loads: no traceback
    sys.stderr.write("interrupted\n")
    sys.exit(130)

main()
