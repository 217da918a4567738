"""A small DevTools-protocol client for headless Chromium, over ``--remote-debugging-pipe``.

No library and no network port: Chromium reads commands from file descriptor 3 and writes
replies and events to descriptor 4, one JSON message per NUL-terminated frame. The tests use
it to set a phone-sized viewport, press real keys, click, measure elements and take screenshots.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT = 60.0  # seconds to wait for any one reply; a shared CI machine can be slow

PHONE = (390, 844)
DESKTOP = (1366, 900)


class BrowserError(RuntimeError):
    """Chromium refused a command or stopped answering."""


class Page:
    """One headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, profile: Path, size: tuple[int, int] = DESKTOP, mobile: bool = False):
        assert CHROMIUM is not None
        to_child, self._out = os.pipe()  # our commands -> Chromium's fd 3
        self._in, from_child = os.pipe()  # Chromium's fd 4 -> our replies

        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
                "--remote-debugging-pipe", "about:blank"]  # fmt: skip
        # Chromium wants the pipe on descriptors 3 and 4 exactly: bash puts it there, then execs.
        # (Parked on 90/91 first, since our own ends may already be numbered 3 or 4.)
        wire = (f"exec 90<&{to_child} 91>&{from_child}; exec {to_child}<&- {from_child}>&-; "
                'exec 3<&90 4>&91 90<&- 91>&-; exec "$@"')  # fmt: skip
        self._proc = subprocess.Popen(
            ["bash", "-c", wire, "chromium", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_child, from_child),
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer, self._next_id, self._session = b"", 0, ""
        self.events: list[dict[str, Any]] = []
        target = self._page_target()
        attached = self.send("Target.attachToTarget", targetId=target, flatten=True)
        self._session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.resize(size, mobile)

    # --- protocol ------------------------------------------------------------------------------
    def _page_target(self) -> str:
        for _ in range(50):
            targets = self.send("Target.getTargets")["targetInfos"]
            pages = [t["targetId"] for t in targets if t["type"] == "page"]
            if pages:
                return str(pages[0])
        return str(self.send("Target.createTarget", url="about:blank")["targetId"])

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            if "method" in reply:
                self.events.append(reply)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], TIMEOUT)
            chunk = os.read(self._in, 1 << 20) if ready else b""
            if not chunk:
                raise BrowserError("Chromium stopped answering")
            self._buffer += chunk
        frame, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(frame))

    def wait_for(self, event: str) -> dict[str, Any]:
        """The first event of this name, already received or still to come."""
        while True:
            for i, seen in enumerate(self.events):
                if seen["method"] == event:
                    return dict(self.events.pop(i))
            reply = self._read()
            if "method" in reply:
                self.events.append(reply)

    # --- what the tests do ---------------------------------------------------------------------
    def resize(self, size: tuple[int, int], mobile: bool = False) -> None:
        width, height = size
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)  # fmt: skip

    def open(self, url: str) -> None:
        """Navigate and wait until the page (and its scripts) finished loading."""
        self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.js("new Promise(function (done) { requestAnimationFrame(function () { done(1); }); })")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                          awaitPromise=True)  # fmt: skip
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression[:60]}…: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def key(self, key: str, code: int) -> None:
        """Press and release a key, as a trusted keyboard event."""
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                      windowsVirtualKeyCode=code, nativeVirtualKeyCode=code)  # fmt: skip

    def type(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        """A PNG of the viewport (or of the whole page) for a person to look at."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", **params)["data"]))
        return path

    def console_errors(self) -> list[str]:
        """Uncaught exceptions and console errors the page produced so far."""
        found = [e["params"]["exceptionDetails"].get("text", "") for e in self.events
                 if e["method"] == "Runtime.exceptionThrown"]  # fmt: skip
        found += [str(e["params"].get("args")) for e in self.events
                  if e["method"] == "Runtime.consoleAPICalled"
                  and e["params"].get("type") == "error"]  # fmt: skip
        return found

    def close(self) -> None:
        try:
            self._session = ""
            self.send("Browser.close")
        except BrowserError:
            pass
        try:
            self._proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        finally:
            os.close(self._out)
            os.close(self._in)

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
