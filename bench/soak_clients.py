"""The clients of bench/soak.py: one signed-in demo account each, walking its role's pages, API calls and a
few writes, recording every request (status, latency).

What a role requests is found, not listed: at sign-in each client crawls from its home page (links in the
pages, up to a few URLs per URL shape) plus seeds (register filters and pagination, the API lists, the map's
GeoJSON), and keeps what answered 2xx/3xx; those URLs, grouped by shape and weighted by kind, are its mix.
Standard library only (http.client, a cookie dict, html.parser): a new connection per request, so an idle
keep-alive connection closed by gunicorn is never counted as an error.
"""

import http.client
import json
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urljoin, urlsplit

PASSWORD = "Zhenxing2023demo"  # zhenxing.demo.accounts.DEMO_PASSWORD
SKIP = re.compile(r"/logout/|/static/|export=|\.xlsx|\.pdf|\.zip|/files/|/template/|/attachments?/|/reveal"
                  r"|/act/|/confirm/|/api/v1/docs")
PER_SHAPE = 4  # URLs kept per shape (e.g. 4 person pages, not 50)
CRAWL_PAGES = 150
WEIGHTS = {"home": 3.0, "list": 2.0, "filter": 1.0, "record": 1.5, "api": 1.5, "geojson": 1.0, "probe": 0.2}
PROBES = ["/people/persons/999999999/", "/governance/cases/999999999/", "/api/v1/persons/999999999",
          "/homestead/parcels/999999999/"]  # missing objects: an expected 404 for everyone


def seeds(village: str) -> list[str]:
    return [
        "/people/persons/?political_status=cpc", "/people/persons/?age_band=60-79", "/people/persons/?q=王",
        "/people/persons/?page=2", "/people/households/?page=2", "/people/households/?q=马刚",
        "/governance/cases/?state=closed", "/governance/cases/?deadline=overdue", "/governance/cases/?page=2",
        "/api/v1/org-units/", "/api/v1/persons", "/api/v1/persons?page=2", "/api/v1/households",
        "/api/v1/party-members", "/api/v1/cadres", "/api/v1/open311/services", "/api/v1/open311/requests",
        "/api/v1/open311/requests?status=open", "/api/v1/homestead/parcels", "/api/v1/homestead/applications",
        f"/api/v1/homestead/map/{village}/parcels", f"/homestead/map/{village}/parcels.geojson",
        f"/homestead/map/{village}/boundaries.geojson", f"/stats/{village}/",
    ]


def multipart(boundary: str, fields: dict, files: dict[str, tuple[str, bytes]]) -> bytes:
    out = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        out.append(head.encode() + str(value).encode() + b"\r\n")
    for name, (filename, content) in files.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                   f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


@dataclass
class Hit:
    t: float  # seconds since the run's start
    role: str
    kind: str
    method: str
    url: str
    status: int  # 0: no answer (refused, reset, timeout)
    ms: float
    expected: bool = True  # False: an error (5xx, an unexpected 4xx, no answer, signed out)
    note: str = ""


@dataclass
class Write:
    role: str
    kind: str  # case | claim | redemption
    key: str  # the marker in the description, or the redemption's request key
    accepted: bool  # the app said it was saved
    status: int
    t: float
    note: str = ""


class Forms(HTMLParser):
    """The forms of a page: action, method and fields (inputs, selects with their options, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self.datalist: list[str] = []
        self._select = self._textarea = None
        self._group = ""
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                               "fields": {}, "selects": {}})
        elif not self.forms:
            if tag == "option" and "value" in a:
                self.datalist.append(a["value"])
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") not in ("checkbox", "radio", "file") or "checked" in a:
                self.forms[-1]["fields"].setdefault(a["name"], a.get("value") or "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["selects"][self._select] = []
        elif tag == "optgroup":
            self._group = a.get("label", "")
        elif tag == "option":
            self._option = {"value": a.get("value", ""), "text": "", "group": self._group,
                            "selected": "selected" in a}
            if self._select:
                self.forms[-1]["selects"][self._select].append(self._option)
            elif "value" in a:
                self.datalist.append(a["value"])
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.forms[-1]["fields"][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option":
            self._option = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def parse(body: bytes) -> Forms:
    p = Forms()
    p.feed(body.decode("utf-8", "replace"))
    return p


def shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    path = re.sub(r"/indicator/[^/]+/", "/indicator/K/", parts.path)  # 50 drill-downs are one page kind
    return re.sub(r"\d+", "N", path) + ("?" + "&".join(keys) if keys else "")


def kind_of(url: str, home: str) -> str:
    path = urlsplit(url).path
    if url in ("/", home):
        return "home"
    if path.endswith(".geojson") or path.endswith("/parcels") and "/map/" in path:
        return "geojson"
    if path.startswith("/api/"):
        return "api"
    if "?" in url:
        return "filter"
    return "record" if re.search(r"\d", path) else "list"


@dataclass
class Recorder:
    start: float
    hits: list[Hit] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.start


class Client:
    def __init__(self, host: str, port: int, username: str, role: str, rec: Recorder, *, timeout: float = 60):
        self.host, self.port, self.username, self.role, self.rec = host, port, username, role, rec
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.home = "/"
        self.mix: dict[str, list[str]] = {}  # shape -> URLs
        self.kinds: dict[str, str] = {}  # shape -> kind
        self.phase = "crawl"

    # -- HTTP ------------------------------------------------------------------------------------------------
    def request(self, method: str, url: str, *, data: dict | None = None, files: dict | None = None,
                kind: str = "", expect: tuple[int, ...] = ()) -> tuple[int, dict, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "User-Agent": "zhenxing-soak", "Accept": "text/html,application/json"}
        body = None
        if files:
            boundary = uuid.uuid4().hex
            body = multipart(boundary, data or {}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        t0 = time.monotonic()
        status, resp_headers, content, note = 0, {}, b"", ""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, quote(url, safe="/?&=%:+,;@"), body=body, headers=headers)
            resp = conn.getresponse()
            content = resp.read()
            status = resp.status
            resp_headers = {k.lower(): v for k, v in resp.getheaders()}
            for k, v in resp.getheaders():
                if k.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(v).items():
                        if morsel["max-age"] == "0" or not morsel.value:
                            self.cookies.pop(name, None)
                        else:
                            self.cookies[name] = morsel.value
        except (OSError, http.client.HTTPException) as exc:
            note = type(exc).__name__
        finally:
            conn.close()
        ms = (time.monotonic() - t0) * 1000
        location = resp_headers.get("location", "")
        ok = 200 <= status < 400 or status in expect
        if "/login/" in location and not url.startswith("/login/"):
            ok, note = False, "signed out"
        if status >= 500 or status == 0:
            ok = False
        with self.rec.lock:
            self.rec.hits.append(Hit(self.rec.now(), self.role, kind or self.phase, method, url, status, ms,
                                     ok, note))
        return status, resp_headers, content

    def get(self, url: str, **kw):
        return self.request("GET", url, **kw)

    def post(self, url: str, data: dict, **kw):
        token = self.cookies.get("csrftoken", "")
        return self.request("POST", url, data={**data, "csrfmiddlewaretoken": token}, **kw)

    # -- sign-in and crawl -----------------------------------------------------------------------------------
    def login(self) -> bool:
        self.get("/login/", kind="login")
        status, headers, _ = self.post(
            "/login/", {"username": self.username, "password": PASSWORD, "next": ""}, kind="login")
        if status != 302:
            return False
        status, headers, _ = self.get("/", kind="login")
        self.home = urlsplit(headers.get("location", "/")).path or "/"
        return True

    def crawl(self, village: str) -> None:
        queue, seen, fetched = ["/", *seeds(village)], set(), 0
        per_shape: dict[str, int] = {}
        while queue and fetched < CRAWL_PAGES:
            url = queue.pop(0)
            if url in seen or SKIP.search(url):
                continue
            seen.add(url)
            s = shape(url)
            if per_shape.get(s, 0) >= PER_SHAPE:
                continue
            status, headers, body = self.get(url, expect=(404, 400, 401, 403))
            fetched += 1
            if status == 302 and headers.get("location"):
                queue.insert(0, urlsplit(urljoin(url, headers["location"])).path)
                continue
            if status != 200:
                continue  # not this role's (404 where it lacks the capability)
            per_shape[s] = per_shape.get(s, 0) + 1
            self.mix.setdefault(s, []).append(url)
            self.kinds[s] = kind_of(url, self.home)
            ctype = headers.get("content-type", "")
            if "text/html" in ctype:
                for href in parse(body).links:
                    absolute = urljoin(url, href)
                    parts = urlsplit(absolute)
                    if parts.netloc and parts.netloc != f"{self.host}:{self.port}":
                        continue
                    queue.append(parts.path + ("?" + parts.query if parts.query else ""))
            elif "json" in ctype and url.startswith("/api/"):
                queue.extend(self._api_children(url, body))
        for probe in PROBES:
            self.mix["probe:" + probe] = [probe]
            self.kinds["probe:" + probe] = "probe"
        self.phase = "soak"

    @staticmethod
    def _api_children(url: str, body: bytes) -> list[str]:
        try:
            data = json.loads(body)
        except ValueError:
            return []
        items = data.get("items") if isinstance(data, dict) else data
        base = url.split("?")[0].rstrip("/")
        if not isinstance(items, list) or base.endswith("/parcels") and "/map/" in base:
            return []
        return [f"{base}/{i['id']}" for i in items[:3] if isinstance(i, dict) and "id" in i]

    # -- the walk --------------------------------------------------------------------------------------------
    def step(self, rng: random.Random, writes: list, write_share: float) -> None:
        if writes and rng.random() < write_share:
            rng.choice(writes)(self, rng)
            return
        shapes = list(self.mix)
        weights = [WEIGHTS[self.kinds[s]] for s in shapes]
        s = rng.choices(shapes, weights)[0]
        kind = self.kinds[s]
        self.get(rng.choice(self.mix[s]), kind=kind, expect=(404,) if kind == "probe" else ())

    def run(self, until: float, think: float, writes: list, write_share: float, seed: int) -> None:
        rng = random.Random(seed)
        while self.rec.now() < until:
            self.step(rng, writes, write_share)
            time.sleep(rng.uniform(0, 2 * think))


# -- writes ------------------------------------------------------------------------------------------------
def _marker(c: Client, run: str) -> str:
    return f"SOAK{run}#{uuid.uuid4().hex[:10]}"


def _own_form(forms: list[dict], url: str) -> dict | None:
    """The page's own POST form (not the sign-out form in the header)."""
    for f in forms:
        if f["method"] == "post" and f["action"] in ("", url):
            return f
    return None


def report_case(run: str):
    def write(c: Client, rng: random.Random) -> None:
        status, _, body = c.get("/governance/cases/report/", kind="write")
        f = _own_form(parse(body).forms, "/governance/cases/report/")
        if status != 200 or f is None:
            return
        data = dict(f["fields"])
        for name, options in f["selects"].items():
            data[name] = rng.choice([o["value"] for o in options if o["value"]] or [""])
        key = _marker(c, run)
        data.update(description=f"压测上报 {key}", location="压测", reporter_name="", lon="", lat="")
        status, headers, _ = c.post("/governance/cases/report/", data, kind="write")
        ok = status == 302 and re.search(r"/governance/cases/\d+/$", headers.get("location", "")) is not None
        with c.rec.lock:
            c.rec.writes.append(Write(c.role, "case", key, ok, status, c.rec.now()))
    return write


def propose_claim(run: str):
    def write(c: Client, rng: random.Random) -> None:
        status, _, body = c.get("/points/claims/new/", kind="write")
        page = parse(body)
        form = _own_form(page.forms, "/points/claims/new/")
        if status != 200 or form is None:
            return
        selects = form["selects"]
        homes = [v for v in page.datalist if re.fullmatch(r"[\d-]+", v)]
        schemes = [o for o in selects.get("scheme", []) if o["value"] and "户" in o["text"]]
        if not homes or not schemes:
            return
        scheme = schemes[0]
        name = scheme["text"].split("（")[0]
        items = [o["value"] for o in selects.get("item", [])
                 if o["value"] and o["group"] == name and "需佐证" not in o["text"] and "（+" in o["text"]]
        if not items:
            return
        key = _marker(c, run)
        data = {**form["fields"], "scheme": scheme["value"], "item": rng.choice(items),
                "holder": rng.choice(homes), "quantity": "1", "description": f"压测申报 {key}"}
        # A claim over the item's cap for the period is refused with the reason (400): the rule, not a fault.
        status, headers, body = c.post("/points/claims/new/", data, kind="write", expect=(400,))
        ok = status == 302 and re.search(r"/points/claims/\d+/$", headers.get("location", "")) is not None
        with c.rec.lock:
            c.rec.writes.append(Write(c.role, "claim", key, ok, status, c.rec.now(),
                                      "" if ok else refusal(body)))
    return write


def redeem(run: str):
    def write(c: Client, rng: random.Random) -> None:
        status, _, body = c.get("/points/shops/", kind="write")
        shops = sorted({h for h in parse(body).links if re.fullmatch(r"/points/shops/\d+/", h)})
        if status != 200 or not shops:
            return
        shop = rng.choice(shops)
        status, _, body = c.get(shop, kind="write")
        forms = [f for f in parse(body).forms if f["action"].endswith("/redeem/") and "goods" in f["fields"]]
        if not forms:
            return  # nothing affordable or in stock
        f = rng.choice(forms)
        status, headers, _ = c.post(f["action"], f["fields"], kind="write")
        ok, note = False, ""
        if status == 302:
            _, _, after = c.get(urlsplit(headers.get("location", shop)).path, kind="write")
            text = after.decode("utf-8", "replace")
            ok = "兑换成功" in text
            note = "" if ok else "refused"
        with c.rec.lock:
            c.rec.writes.append(Write(c.role, "redemption", f["fields"].get("request_key", ""), ok, status,
                                      c.rec.now(), note))
    return write


def refusal(body: bytes) -> str:
    """The first message of a refused form, as the page shows it."""
    text = body.decode("utf-8", "replace")
    found = re.search(r'class="(?:errors|messages?)[^"]*"[^>]*>(.*?)</(?:div|ul)>', text, re.S)
    plain = re.sub(r"<[^>]+>", " ", found.group(1) if found else "")
    return " ".join(plain.split())[:80]


def writes_for(role: str, run: str) -> list:
    found = {
        "grid_worker": [report_case(run), propose_claim(run)],
        "village_secretary": [report_case(run), propose_claim(run)],
        "village_cadre": [report_case(run), propose_claim(run)],
        "first_secretary": [report_case(run), propose_claim(run)],
        "villager": [report_case(run), redeem(run)],
    }
    return found.get(role, [])
