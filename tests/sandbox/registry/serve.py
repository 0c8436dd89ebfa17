#!/usr/bin/python3
"""Static file server for the sandbox registry: python3's http.server with CADC-like content types.

`python3 -m http.server` would serve the extension-less files (resource-caps, capabilities,
availability) as application/octet-stream; this subclass serves resource-caps as text/plain and the
VOSI documents as text/xml, answers 404 for directories (no listings), and writes its pid file.

It also answers /cadc-target-resolver/find?target=NAME&format=ascii like CADC's name resolver
(ivo://cadc.nrc.ca/resolver), from the names in resolver-names.txt.

Usage: serve.py [--bind 127.0.0.1] [--directory DIR] [--pidfile FILE] [--names FILE] PORT
"""
import argparse
import functools
import http.server
import os
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def load_names(path):
    """The resolver's names: 'name | ra | dec | oType | service' lines, '#' comments."""
    names = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                name, ra, dec, otype, service = [x.strip() for x in line.split("|")]
                names[" ".join(name.lower().split())] = (name, float(ra), float(dec), otype, service)
    except OSError:
        pass
    return names


class RegistryHandler(http.server.SimpleHTTPRequestHandler):
    server_version = "CadcPS-sandbox-registry/1.0"
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length

    names = {}

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/cadc-target-resolver/find":
            return self.resolve(urllib.parse.parse_qs(url.query))
        return super().do_GET()

    def resolve(self, query):
        """CADC's target resolver, format=ascii: key=value lines; 425 when the name is unknown (as CADC)."""
        started = time.perf_counter()
        target = (query.get("target") or [""])[0]
        fmt = (query.get("format") or ["ascii"])[0].lower()
        hit = self.names.get(" ".join(target.lower().split()))
        if not target.strip():
            code, body = 400, "missing target parameter\n"
        elif fmt != "ascii":
            code, body = 400, "this sandbox resolver answers format=ascii only\n"
        elif hit is None:
            code, body = 425, "target=%s\nerror=Target not found\n" % target
        else:
            name, ra, dec, otype, service = hit
            body = "target=%s\nservice=%s\ncoordsys=ICRS\nra=%r\ndec=%r\noType=%s\ntime(ms)=%d\n" % (
                target, service, ra, dec, otype, (time.perf_counter() - started) * 1000)
            code = 200
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

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
    p.add_argument("--names", default=os.path.join(HERE, "resolver-names.txt"))
    p.add_argument("port", type=int, nargs="?", default=8090)
    a = p.parse_args()
    RegistryHandler.names = load_names(a.names)
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
