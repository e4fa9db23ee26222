#!/usr/bin/env python3
"""A static HTTP server for search evaluation that logs the bytes of every response.

Serves the built site at /, and this folder's eval page at /__eval/ (so nothing is copied into
the site). Extra endpoints, used by eval.py and eval.js:

  GET  /__eval/<file>     a file of bench/search/ (eval.html, eval.js)
  GET  /__eval/config     the JSON that eval.py set (queries, engine options)
  GET  /__log             the request log: [{t, method, path, status, bytes}]
  POST /__log/reset       empty the log
  POST /__mark?name=N     put a named marker into the log (e.g. "first-results-shown")
  POST /__results         the page's results (JSON); eval.py waits for them

`bytes` is the response body's length as sent (no compression: files are served as stored).

    python3 bench/search/serve.py --site /dev/shm/search-eval/10k-dist --port 8765
    chromium http://127.0.0.1:8765/__eval/eval.html?engine=pagefind&q=群众工作
"""

import argparse
import json
import os
import sys
import threading
import time
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.log = []
        self.results = None
        self.results_event = threading.Event()
        self.config = {}


class Handler(SimpleHTTPRequestHandler):
    state: State = None
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server would
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css",
    }

    def log_message(self, fmt, *args):  # quiet
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_response(self, code, message=None):
        self._entry = None
        super().send_response(code, message)  # calls log_request()

    def send_header(self, key, value):
        if key.lower() == "content-length" and self._entry is not None and self.command != "HEAD":
            self._entry["bytes"] = int(value)  # the body that follows is sent whole
        super().send_header(key, value)

    def log_request(self, code="-", size="-"):
        path = urllib.parse.unquote(self.path.split("?")[0])
        self._entry = {"t": time.time(), "method": self.command, "path": path,
                       "status": int(code) if str(code).isdigit() else code, "bytes": 0}
        with self.state.lock:
            self.state.log.append(self._entry)

    def _json(self, obj, code=200):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path):
        p = urllib.parse.unquote(path.split("?")[0].split("#")[0])
        if p.startswith("/__eval/"):
            name = os.path.basename(p)
            return os.path.join(HERE, name)
        return super().translate_path(path)

    def do_GET(self):
        p = self.path.split("?")[0]
        if p == "/__log":
            with self.state.lock:
                return self._json(list(self.state.log))
        if p == "/__eval/config":
            return self._json(self.state.config)
        return super().do_GET()

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        if url.path == "/__log/reset":
            with self.state.lock:
                self.state.log.clear()
            return self._json({"ok": True})
        if url.path == "/__mark":
            name = urllib.parse.parse_qs(url.query).get("name", [""])[0]
            with self.state.lock:
                self.state.log.append({"t": time.time(), "method": "MARK", "path": name,
                                       "status": 0, "bytes": 0})
            return self._json({"ok": True})
        if url.path == "/__results":
            self.state.results = json.loads(body.decode("utf-8"))
            self.state.results_event.set()
            return self._json({"ok": True})
        self.send_error(404)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def start(site, port=0, host="127.0.0.1"):
    """Starts the server in a thread; returns (server, state, base_url)."""
    state = State()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = Server((host, port), partial(handler, directory=os.path.abspath(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state, f"http://{host}:{server.server_address[1]}/"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    server, state, base = start(args.site, args.port)
    print(f"serving {args.site} at {base} (eval page: {base}__eval/eval.html?engine=pagefind); Ctrl-C stops")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
