#!/usr/bin/python3
"""Static file server for the sandbox registry: python3's http.server with CADC-like content types.

`python3 -m http.server` would serve the extension-less files (resource-caps, capabilities,
availability) as application/octet-stream; this subclass serves resource-caps as text/plain and the
VOSI documents as text/xml, answers 404 for directories (no listings), and writes its pid file.

Usage: serve.py [--bind 127.0.0.1] [--directory DIR] [--pidfile FILE] PORT
"""
import argparse
import functools
import http.server
import os
import sys


class RegistryHandler(http.server.SimpleHTTPRequestHandler):
    server_version = "CadcPS-sandbox-registry/1.0"
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length

    def guess_type(self, path):
        name = os.path.basename(path)
        if name == "resource-caps" or name.endswith(".properties"):
            return "text/plain; charset=utf-8"
        if "." not in name or name.endswith(".xml"):
            try:
                with open(path, "rb") as f:
                    head = f.read(64).lstrip()
            except OSError:
                head = b""
            return "text/xml; charset=utf-8" if head.startswith(b"<") else "text/plain; charset=utf-8"
        return super().guess_type(path)

    def list_directory(self, path):
        self.send_error(404, "Not Found")
        return None

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s - %s\n" % (self.log_date_time_string(), self.address_string(), fmt % args))
        sys.stderr.flush()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--directory", default=os.getcwd())
    p.add_argument("--pidfile")
    p.add_argument("port", type=int, nargs="?", default=8090)
    a = p.parse_args()
    handler = functools.partial(RegistryHandler, directory=a.directory)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    http.server.ThreadingHTTPServer.daemon_threads = True
    httpd = http.server.ThreadingHTTPServer((a.bind, a.port), handler)
    if a.pidfile:
        with open(a.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    sys.stderr.write("serving %s on http://%s:%d/\n" % (a.directory, a.bind, a.port))
    sys.stderr.flush()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
