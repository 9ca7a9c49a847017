"""A signed-in visitor of a Tiltas server, for the benchmark scripts (scripts/bench*.sh,
scripts/bench/*). It keeps cookies, posts forms with the page's anti-forgery token as a browser
without JavaScript does (text/html, a Referer, no redirect followed), and adds up the server's
own time per request from `Server-Timing: app;dur=…` (`tiltas serve --server-timing`).
"""
import http.client
import re
import subprocess
import urllib.parse

PASSWORD = "a long enough passphrase"


class Visitor:
    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.base = base.rstrip("/")
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
        self.cookies = {}
        self.token = None
        # The server time of each request since the last `reset_timings`, in milliseconds.
        self.timings = []

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method, path, form=None, referer=None):
        headers = {"Accept": "text/html", "Cookie": self.cookie_header()}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrf": self.token, **form}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + (referer or path)
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, value = line.split(";", 1)[0].partition("=")
            if "Max-Age=0" in line:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        timing = re.match(r"app;dur=([\d.]+)", response.headers.get("Server-Timing", ""))
        if timing:
            self.timings.append(float(timing.group(1)))
        found = re.search(r'name="csrf" value="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return response.status, text

    def get(self, path, expect=200):
        status, text = self.request("GET", path)
        if expect is not None and status != expect:
            raise RuntimeError(f"GET {path} answered {status}")
        return text

    def post(self, path, form, referer):
        """A form post; the server answers with a redirect to the page to show."""
        status, text = self.request("POST", path, form, referer)
        if status not in (200, 302, 303):
            raise RuntimeError(f"POST {path} answered {status}: {text[:200]}")
        return status

    def sign_in(self, email, password=PASSWORD):
        self.get("/login")
        self.token = self.token or self.cookies.get("tiltas_csrf")
        self.post("/api/sign_in", {"email": email, "password": password}, "/login")
        if "tiltas_session" not in self.cookies:
            raise RuntimeError(f"{email} could not sign in")
        return self

    def enrol(self, slug):
        self.get(f"/courses/{slug}")
        self.post("/api/enrol", {"slug": slug}, f"/courses/{slug}")
        return self

    def reset_timings(self):
        self.timings = []


def require_server_timing(visitor):
    if not visitor.timings:
        raise RuntimeError("no Server-Timing header: start the server with --server-timing (TILTAS_SERVER_TIMING=true)")


def curl_time_to_first_byte(base, path, cookie):
    """Time to first byte in ms on the loopback interface, for a server without Server-Timing."""
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_starttransfer}", "-H", "Accept: text/html",
                          "-H", f"Cookie: {cookie}", base + path], capture_output=True, text=True, check=True).stdout.split()
    if out[0] != "200":
        raise RuntimeError(f"{path} answered {out[0]}")
    return float(out[1]) * 1000
