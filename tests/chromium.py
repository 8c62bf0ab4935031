"""A tiny Chrome DevTools Protocol client over `--remote-debugging-pipe`, standard library only.

Chromium reads JSON commands on file descriptor 3 and writes replies and events
on descriptor 4, each message ending in a NUL byte. No websocket, no driver, no
download: Debian's `chromium` package is all it needs.

    with Browser.launch(profile_dir) as browser:
        page = browser.new_page(1280, 900)
        page.goto("http://127.0.0.1:8000/")
        page.screenshot(path)
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

#: Flags for a quiet, offline, throwaway headless browser.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    """A command failed, or the browser did not answer in time."""


class Browser:
    """One Chromium process driven through the DevTools pipe."""

    def __init__(self, pid: int, write_fd: int, read_fd: int) -> None:
        self.pid = pid
        self._write = write_fd
        self._read = read_fd
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    @classmethod
    @contextmanager
    def launch(cls, executable: str, profile_dir: Path, log_path: Path) -> Iterator[Browser]:
        """Start Chromium with the pipe on descriptors 3 and 4; kill it on exit."""
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Move the child's ends above 4 so the dup2 onto 3 and 4 below cannot clobber them.
        child_in = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)
        log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, log, 1),
            (os.POSIX_SPAWN_DUP2, log, 2),
            (os.POSIX_SPAWN_DUP2, child_in, 3),
            (os.POSIX_SPAWN_DUP2, child_out, 4),
        ]
        argv = [executable, *FLAGS, f"--user-data-dir={profile_dir}", "about:blank"]
        pid = os.posix_spawn(executable, argv, os.environ, file_actions=actions)
        for fd in (child_in, child_out, log):
            os.close(fd)
        browser = cls(pid, to_browser_w, from_browser_r)
        try:
            yield browser
        finally:
            browser.close()

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._read, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._closed = True
                    self._lock.notify_all()
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._lock:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self._events.append(message)
                self._lock.notify_all()

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30
    ) -> dict[str, Any]:
        """Send one command and wait for its reply's `result`."""
        with self._lock:
            self._next_id += 1
            command_id = self._next_id
        message: dict[str, Any] = {"id": command_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._lock:
            while command_id not in self._replies:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    raise CDPError(f"no reply to {method} within {timeout} s")
                self._lock.wait(remaining)
            reply = self._replies.pop(command_id)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def wait_event(self, method: str, session: str | None, timeout: float = 30) -> dict[str, Any]:
        """Wait for (and consume) the next event `method` of a session."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for index, event in enumerate(self._events):
                    if event.get("method") == method and event.get("sessionId") == session:
                        return self._events.pop(index)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    raise CDPError(f"no {method} event within {timeout} s")
                self._lock.wait(remaining)

    def new_page(self, width: int, height: int) -> Page:
        """Open a tab of the given viewport size."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return page

    def close(self) -> None:
        """Ask the browser to quit, then make sure it is gone."""
        with suppress(CDPError, OSError):
            self.call("Browser.close", timeout=5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        for fd in (self._write, self._read):
            with suppress(OSError):
                os.close(fd)


class Page:
    """One tab, addressed by its flat session id."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30) -> dict[str, Any]:
        """A command for this tab."""
        return self.browser.call(method, params, self.session, timeout)

    def goto(self, url: str, timeout: float = 30) -> None:
        """Navigate and wait for the load event."""
        self.call("Page.navigate", {"url": url})
        self.browser.wait_event("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression: str) -> Any:
        """Run JavaScript in the page and return its (JSON-able) value."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:60]}…: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 15) -> Any:
        """Poll `expression` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise CDPError(f"timed out waiting for: {expression}")

    def resize(self, width: int, height: int, *, mobile: bool = False) -> None:
        """Set the viewport (a phone: `mobile=True`, as a 390 px wide phone reports itself)."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def type_text(self, text: str) -> None:
        """Type into the focused element: the text as an IME would commit it, then a key release."""
        self.call("Input.insertText", {"text": text})
        for kind in ("keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent", {"type": kind, "key": "End", "code": "End", "windowsVirtualKeyCode": 35}
            )

    def screenshot(self, path: Path) -> bytes:
        """Save a PNG of the viewport and return its bytes."""
        data = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        path.write_bytes(data)
        return data
