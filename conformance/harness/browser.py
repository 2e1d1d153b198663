"""Headless Chromium driven over the W3C WebDriver protocol, spoken to Debian's chromedriver with
``requests`` (no browser-automation package needed). Chromium resolves no host but loopback, so a
page that needs anything from elsewhere shows it."""

from __future__ import annotations

import base64
import shutil
import subprocess
import time
from pathlib import Path

import requests

from harness.servers import HOST, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
START_TIMEOUT_SECS = 20.0
WAIT_SECS = 15.0
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class BrowserError(RuntimeError):
    pass


def available() -> str | None:
    """Why no browser can run here, or None."""
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not tool.is_file():
            return f"{tool} is missing: scripts/install-test-deps.sh installs chromium and chromium-driver"
    return None


class Browser:
    """One headless Chromium session; use as a context manager."""

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.driver: subprocess.Popen | None = None
        self.session: str | None = None

    def __enter__(self) -> "Browser":
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.workdir / "chromedriver.log", "wb")
        self.driver = subprocess.Popen([str(CHROMEDRIVER), f"--port={self.port}", f"--allowed-ips={HOST}"],
                                       stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while True:
            try:
                if requests.get(self.base + "/status", timeout=2).json()["value"]["ready"]:
                    break
            except (requests.RequestException, ValueError, KeyError):
                pass
            if time.monotonic() > deadline or self.driver.poll() is not None:
                self.__exit__(None, None, None)
                raise BrowserError(f"chromedriver did not start; see {self.workdir / 'chromedriver.log'}")
            time.sleep(0.1)
        args = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--window-size=1280,800",
                f"--user-data-dir={self.workdir / 'profile'}",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {"binary": str(CHROMIUM), "args": args}}}}
        reply = requests.post(self.base + "/session", json=caps, timeout=60).json()["value"]
        if "sessionId" not in reply:
            self.__exit__(None, None, None)
            raise BrowserError(f"no browser session: {reply}")
        self.session = reply["sessionId"]
        return self

    def __exit__(self, *exc) -> None:
        if self.session is not None:
            try:
                requests.delete(f"{self.base}/session/{self.session}", timeout=20)
            except requests.RequestException:
                pass
            self.session = None
        if self.driver is not None:
            self.driver.terminate()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait(10)
            self.driver = None
        shutil.rmtree(self.workdir / "profile", ignore_errors=True)

    # --- protocol ---------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None):
        url = f"{self.base}/session/{self.session}{path}"
        reply = requests.request(method, url, json=body if method == "POST" else None, timeout=60).json()
        value = reply.get("value")
        if isinstance(value, dict) and "error" in value:
            raise BrowserError(f"{method} {path}: {value['error']}: {value.get('message', '')[:300]}")
        return value

    def get(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def find_all(self, css: str) -> list[str]:
        return [e[ELEMENT] for e in self._call("POST", "/elements", {"using": "css selector", "value": css})]

    def wait_for(self, css: str, timeout: float = WAIT_SECS, visible: bool = True) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for element in self.find_all(css):
                if not visible or self._call("GET", f"/element/{element}/displayed"):
                    return element
            if time.monotonic() > deadline:
                raise BrowserError(f"no {'visible ' if visible else ''}element {css!r} after {timeout:.0f} s")
            time.sleep(0.1)

    def text(self, element: str) -> str:
        """The element's textContent: exactly the text put there, rendered or not."""
        return self.script("return arguments[0].textContent;", self.ref(element))

    def attribute(self, element: str, name: str) -> str | None:
        return self.script("return arguments[0].getAttribute(arguments[1]);", self.ref(element), name)

    def click(self, element: str) -> None:
        self._call("POST", f"/element/{element}/click", {})

    def type(self, element: str, text: str) -> None:
        self._call("POST", f"/element/{element}/value", {"text": text})

    def script(self, source: str, *args):
        """Runs SOURCE in the page; pass elements as ``ref(element)``."""
        return self._call("POST", "/execute/sync", {"script": source, "args": list(args)})

    @staticmethod
    def ref(element: str) -> dict:
        return {ELEMENT: element}

    def alert_text(self) -> str | None:
        """The text of an open alert, or None: a hostile name that ran script would leave one open."""
        url = f"{self.base}/session/{self.session}/alert/text"
        value = requests.get(url, timeout=20).json().get("value")
        return None if isinstance(value, dict) and value.get("error") == "no such alert" else str(value)

    def cdp(self, command: str, params: dict | None = None):
        return self._call("POST", "/goog/cdp/execute", {"cmd": command, "params": params or {}})

    def viewport(self, width: int, height: int, mobile: bool) -> None:
        self.cdp("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """A PNG of the whole page (not only the viewport) at the current viewport width."""
        shot = self.cdp("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
