"""A breadth-first crawler over the Django test client: every link (<a href>, hx-get) and form target a
page shows, bounded per URL pattern, staying on the site. GET forms are sent with their default values;
POST forms are only fetched as GET (never submitted), so the crawl changes nothing a user did not ask."""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve

# Django's default English error pages (and the CSRF failure page): never what a user may see.
ENGLISH_ERRORS = (
    "Server Error (500)",
    "<h1>Not Found</h1>",
    "The requested resource was not found",
    "<h1>Forbidden",
    "Forbidden (403)",
    "<h1>403 Forbidden</h1>",
    "Bad Request (400)",
    "<h1>Bad Request",
    "Page not found",
    "CSRF verification failed",
)


@dataclass(frozen=True)
class Target:
    url: str  # path and query
    shown_on: str  # the page that showed it (or redirected to it)
    how: str  # "link", "get-form", "htmx-form", "post-form" (fetched as GET) or "redirect"


class PageLinks(HTMLParser):
    """The link and form targets of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.targets: list[tuple[str, str]] = []  # (url, how)
        self._form = None  # [action, method, fields]
        self._htmx = False  # the form sends itself with hx-get
        self._select = None  # [name, first value, selected value]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.targets.append((a["href"], "link"))
        if a.get("hx-get") and tag != "form":
            self.targets.append((a["hx-get"], "link"))
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = [a.get("action") or a.get("hx-get") or a.get("hx-post") or "", method, []]
            self._htmx = bool(a.get("hx-get"))
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form[2].append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]
        elif self._select is not None and tag == "option":
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            name, first, selected = self._select
            value = selected if selected is not None else first
            if value is not None:
                self._form[2].append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form[2].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form" and self._form is not None:
            action, method, fields = self._form
            if method == "get":
                base = action.split("?", 1)[0] if action else ""
                url = f"{base}?{urlencode(fields)}" if fields else base or "?"
                self.targets.append((url, "get-form"))
                if self._htmx:  # the same filters as htmx sends them: the page's results fragment
                    self.targets.append((url, "htmx-form"))
            else:
                self.targets.append((action, "post-form"))
            self._form = None


@dataclass
class Fetch:
    target: Target
    route: str
    status: int | None
    error: str = ""  # the exception a view raised
    english: str = ""  # the English error text found
    login_redirect: bool = False


@dataclass
class Crawl:
    client: object
    skip_prefixes: tuple[str, ...]
    per_route: int = 4  # distinct paths per URL pattern
    per_path: int = 2  # distinct queries per path
    max_pages: int = 2000
    fetched: list[Fetch] = field(default_factory=list)
    _seen: set = field(default_factory=set)
    _paths: dict = field(default_factory=dict)  # route -> set of paths
    _queries: dict = field(default_factory=dict)  # path -> set of queries

    def _admit(self, url: str, htmx: bool = False) -> str | None:
        """The route of a URL still within its budget (and counts it), else None."""
        if (url, htmx) in self._seen:
            return None
        parts = urlsplit(url)
        if parts.path.startswith(self.skip_prefixes):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            match = None
        route = match.route if match else f"(unresolved) {parts.path}"
        paths = self._paths.setdefault(route, set())
        queries = self._queries.setdefault(parts.path, set())
        if parts.path not in paths and len(paths) >= self.per_route:
            return None
        if parts.query not in queries and len(queries) >= self.per_path:
            return None
        paths.add(parts.path)
        queries.add(parts.query)
        self._seen.add((url, htmx))
        return route

    def _local(self, href: str, base: str) -> str | None:
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        parts = urlsplit(urljoin(f"http://testserver{base}", href))
        if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def run(self, start: str = "/") -> list[Fetch]:
        login = resolve_url("login")
        queue = deque([Target(start, "(start)", "link")])
        while queue and len(self.fetched) < self.max_pages:
            target = queue.popleft()
            htmx = target.how == "htmx-form"
            route = self._admit(target.url, htmx)
            if route is None:
                continue
            fetch = Fetch(target, route, None)
            self.fetched.append(fetch)
            try:
                with transaction.atomic():  # a database error in a view must not poison the crawl
                    response = self.client.get(target.url, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
            except Exception as exc:  # the view crashed: the user would see a 500
                fetch.error = f"{type(exc).__name__}: {str(exc)[:200]}"
                continue
            fetch.status = response.status_code
            if response.status_code in {301, 302, 303, 307, 308}:
                location = self._local(response["Location"], target.url)
                if location and urlsplit(location).path == login:
                    fetch.login_redirect = target.how != "redirect" and not target.url.startswith(login)
                elif location:
                    queue.append(Target(location, target.url, "redirect"))
                continue
            content_type = response.get("Content-Type", "")
            if not content_type.startswith(("text/html", "text/plain")) or response.streaming:
                continue
            text = response.content.decode("utf-8", errors="replace")
            fetch.english = next((s for s in ENGLISH_ERRORS if s in text), "")
            if not content_type.startswith("text/html") or response.status_code != 200:
                continue
            parser = PageLinks()
            parser.feed(text)
            for href, how in parser.targets:
                url = self._local(href, target.url)
                if url:
                    queue.append(Target(url, target.url, how))
        return self.fetched
