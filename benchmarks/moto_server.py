"""Run Moto's ThreadedMotoServer on 127.0.0.1:<port> until standard input closes.

Closing stdin (rather than a signal) stops it even if the benchmark dies.
"""

import logging
import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(sys.argv[1]), verbose=False)
    server.start()
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
