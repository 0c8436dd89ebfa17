#!/usr/bin/env python3
"""A TAP service that answers at disk speed: the bench's replay server.

    python3 bench/replay.py PORT CAPTURE_DIR

CAPTURE_DIR holds what bench/run captured from the sandbox: `capabilities.xml` (the sandbox's, with its
base URL replaced by this server's) and one response per RESPONSEFORMAT, named by the format with '/'
as '_' (`votable_b2.xml`, `votable_td.xml`). Every POST or GET to /tap/sync answers the capture of the
asked RESPONSEFORMAT with os.sendfile, so DaCHS's ~60k rows/s is not what limits a client; MAXREC and
QUERY are ignored (the capture is the answer). /tap/capabilities and /tap/availability answer too, so a
client finds the service as it would a real one. Each answer closes its connection (HTTP/1.0 style), as
a client's first query in a fresh process sees it anyway.
"""
import os
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
CAPTURE = sys.argv[2]
AVAILABILITY = (b"<?xml version='1.0' encoding='utf-8'?><avail:availability "
                b"xmlns:avail='http://www.ivoa.net/xml/VOSIAvailability/v1.0'><avail:available>true"
                b"</avail:available></avail:availability>")


class Replay(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):  # quiet: the bench prints its own table
        pass

    def _params(self):
        query = urllib.parse.urlsplit(self.path).query
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            query += "&" + self.rfile.read(length).decode("utf-8", "replace")
        return {k.upper(): v for k, v in urllib.parse.parse_qsl(query)}

    def _small(self, body, ctype):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        path = urllib.parse.urlsplit(self.path).path.rstrip("/")
        if path == "/tap/capabilities":
            with open(os.path.join(CAPTURE, "capabilities.xml"), "rb") as f:
                return self._small(f.read(), "text/xml")
        if path == "/tap/availability":
            return self._small(AVAILABILITY, "text/xml")
        if path != "/tap/sync":
            self.send_error(404)
            return
        fmt = self._params().get("RESPONSEFORMAT", "votable/b2")
        name = os.path.join(CAPTURE, fmt.replace("/", "_").replace("+", "_") + ".xml")
        if not os.path.isfile(name):
            self.send_error(400, "no capture for RESPONSEFORMAT=" + fmt)
            return
        size = os.path.getsize(name)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-votable+xml")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.flush()
        with open(name, "rb") as f:
            offset = 0
            while offset < size:
                try:
                    sent = os.sendfile(self.connection.fileno(), f.fileno(), offset, size - offset)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client had what it wanted (a first row, -MaxRecords): not an error of this server
                if sent == 0:
                    break
                offset += sent

    do_GET = _handle
    do_POST = _handle


if __name__ == "__main__":
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Replay)
    print("replay on http://127.0.0.1:%d/tap from %s" % (PORT, CAPTURE), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
