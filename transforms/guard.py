"""Per-page limits for SplitPages: size and shape checks, then a hard time limit per page.

Input: a splitter `Callable[[Page], list[Article]]` (wire.split.split_page).
Output: `GuardedSplitter(splitter, limits)`, a callable with the same signature that
SplitPageFn uses in place of the splitter; it raises `wire.records.Rejected`:
  `page_too_large`       the decoded text is longer than `split.max_page_chars`
  `too_many_attributes`  a tag carries more than `split.max_tag_attributes` attributes
                         (libxml2's HTML parser is quadratic in attributes per tag: 20,000
                         took 2 s here, a million would take over an hour, in C)
  `split_timeout`        the page took longer than `split.max_seconds_per_page`; the worker
                         process that ran it is killed, the next page gets a fresh one
  `split_crashed`        the splitter's process died on the page (segfault, OOM killer)
Counters: none here; SplitPageFn counts each reason as `failed:<reason>`.

Why a subprocess (and not Beam's `with_exception_handling(timeout=...)`): Beam's timeout
(apache_beam/transforms/core.py, _TimeoutDoFn) runs `process` in a ThreadPoolExecutor and
stops *waiting* after the timeout; the thread keeps running. A thread cannot be killed in
CPython, and the parse that stalls is one C call into libxml2 that no signal handler
interrupts, so the stuck thread keeps a core busy until the parse ends, and interpreter
exit joins it (the process hangs at shutdown). Its dead letter is also an (element,
exception) tuple rather than an ErrorRecord. `use_subprocess=True` does kill, but runs the
whole DoFn remotely, so its Beam counters are lost. Here only the pure splitter runs in a
child process; counters and dead letters stay in the DoFn.

The child is a fresh interpreter (forking a Beam worker's threads can deadlock the child;
multiprocessing's "spawn" re-runs the launcher's __main__), started once per splitter
instance, lazily, and restarted after a kill. It arms `SIGALRM` with the
default action before each page, so even if the parent dies while the child is stuck in C,
the kernel ends the child. Pages and articles cross the pipe pickled, a batch of pages per
message (`GuardedSplitter.map`, used by the batch pipeline): benchmarks/bench_guard.py
measured +0.58 ms per aeb page batched against +1.11 ms a page at a time (split alone:
4.1 ms). On a loaded machine the per-page hand-overs cost far more than that, since each
one can wait for a scheduler slice: in the 2,000-page pipeline run they took ~10 s of 35.

Set `max_seconds_per_page: 0` to run the splitter in-process (no hard limit; the size and
shape checks still apply).
"""

from __future__ import annotations

import math
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from multiprocessing.connection import Connection
from typing import Any

from wire.records import Article, Page, Rejected

SPLIT_LIMIT_REASONS = ("page_too_large", "too_many_attributes", "split_timeout", "split_crashed")


@dataclass(frozen=True)
class SplitLimits:
    max_page_chars: int = 8_000_000  # decoded characters; the read limit caps bytes before decoding
    max_tag_attributes: int = 1_000
    max_seconds_per_page: float = 60.0  # 0: no subprocess, no time limit

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any] | None) -> "SplitLimits":
        """The config's `split:` section. Unknown keys are an error, so a typo cannot drop a limit."""
        section = dict(section or {})
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(section) - names)
        if unknown:
            raise ValueError(f"unknown key(s) in split: {', '.join(unknown)} (known: {', '.join(sorted(names))})")
        return cls(**section).validate()

    def validate(self) -> "SplitLimits":
        if not isinstance(self.max_page_chars, int) or self.max_page_chars <= 0:
            raise ValueError("split.max_page_chars must be a positive integer")
        if not isinstance(self.max_tag_attributes, int) or self.max_tag_attributes <= 0:
            raise ValueError("split.max_tag_attributes must be a positive integer")
        if not isinstance(self.max_seconds_per_page, (int, float)) or self.max_seconds_per_page < 0:
            raise ValueError("split.max_seconds_per_page must be >= 0")
        return self


# One attribute: a name, optionally `= value` with the value quoted or bare. Quoted values are
# consumed whole, so a long <meta content="..."> or an inline base64 image counts as one.
_ATTRIBUTE = re.compile(r"""[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def check_page(page: Page, limits: SplitLimits) -> None:
    """Refuse, before any parser sees it, a page that is known to be too costly. Raises Rejected."""
    text = page.text or ""
    if len(text) > limits.max_page_chars:
        raise Rejected("page_too_large", f"{len(text)} characters is over split.max_page_chars {limits.max_page_chars}")
    if (page.kind or "").lower() != "html":
        return
    # A tag with more than N attributes is longer than 2N characters ("a b c ..."), so only the
    # stretches between two "<" that long can hold one.
    threshold = 2 * limits.max_tag_attributes
    for start, stop in _long_stretch_spans(text, threshold):
        if not ("a" <= text[start + 1 : start + 2].lower() <= "z"):
            continue
        end = text.find(">", start, stop)  # a start tag ends at ">"; prose after a bare "x<y" has none
        if end < 0 or end - start - 1 <= threshold:
            continue
        count = sum(1 for _ in _ATTRIBUTE.finditer(text, start + 1, end)) - 1  # minus the tag name
        if count > limits.max_tag_attributes:
            name = re.compile(r"[A-Za-z][\w:-]*").match(text, start + 1).group(0)
            raise Rejected(
                "too_many_attributes",
                f"<{name[:40]}> at offset {start} has {count} attributes; split.max_tag_attributes is "
                f"{limits.max_tag_attributes}",
            )


def _long_stretch_spans(text: str, threshold: int):
    """Spans of each "<" followed by more than `threshold` characters before the next "<"
    (what the regex `<[^<]{threshold+1,}` finds, without scanning every character).

    Such a stretch holds a whole aligned block of (threshold + 1) // 2 characters without a
    "<", so only those blocks are looked at: one str.find (memchr) per block, and for a block
    without one, the "<" before it and the "<" after it (str.rfind, str.find) bound the stretch.
    0.03 ms on an aeb page (174k characters), against 0.09 ms when a regex match measured each
    stretch (most pages hold inline scripts far longer than a block) and 0.15 ms for finditer
    over the page.
    """
    block = (threshold + 1) // 2
    done = -1  # end of the last stretch found: its other blocks need no look
    for begin in range(0, len(text) - block + 1, block):
        if begin < done or text.find("<", begin, begin + block) >= 0:
            continue
        opener = text.rfind("<", 0, begin)
        if opener < 0:
            continue  # text before the first "<" belongs to no tag
        end = text.find("<", begin + block)
        end = len(text) if end < 0 else end
        done = end
        if end - opener - 1 > threshold:
            yield opener, end


def _serve(fd: int) -> None:
    """Child loop: receive the splitter, then batches of pages; send each page's outcome as soon as
    it is known; exit when the parent closes the pipe."""
    conn = Connection(fd)
    try:
        splitter, seconds = conn.recv()
    except (EOFError, OSError):
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when the child ends
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # kernel-level kill if a page outlives its limit
    grace = max(1, math.ceil(seconds)) * 2 + 5
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        for page in batch:
            signal.alarm(grace)
            try:
                outcome = ("ok", splitter(page))
            except Rejected as exc:
                outcome = ("rejected", exc.reason, exc.message)
            except Exception as exc:  # noqa: BLE001 - sent back; SplitPageFn turns it into split_failed
                outcome = ("error", type(exc).__name__, str(exc)[:1000])
            finally:
                signal.alarm(0)
            try:
                conn.send(outcome)
            except (BrokenPipeError, OSError):
                return


class GuardedSplitter:
    """`splitter` with the checks of `check_page` and, if `max_seconds_per_page` > 0, a hard time limit.

    Picklable (the child process and pipe are dropped and started again where it is used).
    Thread-safe: one page at a time per instance; Beam gives each worker thread its own DoFn copy.
    """

    def __init__(self, splitter: Callable[[Page], list[Article]], limits: SplitLimits = SplitLimits()) -> None:
        self.splitter = splitter
        self.limits = limits.validate()
        self._reset_state()

    def _reset_state(self) -> None:
        self._proc = None
        self._conn = None
        self._lock = threading.Lock()

    def __getstate__(self):
        return {"splitter": self.splitter, "limits": self.limits}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._reset_state()

    def __call__(self, page: Page) -> list[Article]:
        (outcome,) = self.map([page])
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def map(self, pages: list[Page]) -> list[list[Article] | Exception]:
        """Each page's articles, or the exception that stopped it (Rejected, or any other error of
        the splitter), in page order.

        The child gets the whole batch in one message and answers page by page without waiting
        for the parent: two hand-overs per batch instead of two per page (the module docstring
        says what that saves). A page that times out or kills the child costs only itself: the
        rest of the batch goes to a fresh child.
        """
        outcomes: list = [None] * len(pages)
        todo = []
        for index, page in enumerate(pages):
            try:
                check_page(page, self.limits)
                todo.append(index)
            except Exception as exc:  # noqa: BLE001 - Rejected, or a bug on one page: that page's outcome
                outcomes[index] = exc
        if not self.limits.max_seconds_per_page:
            for index in todo:
                try:
                    outcomes[index] = self.splitter(pages[index])
                except Exception as exc:  # noqa: BLE001 - returned, as from the child
                    outcomes[index] = exc
            return outcomes
        with self._lock:
            while todo:
                done = self._send([pages[i] for i in todo])
                for index, outcome in zip(todo, done):
                    outcomes[index] = outcome
                todo = todo[len(done) :]
        return outcomes

    def _start(self) -> None:
        # A fresh interpreter, not multiprocessing's "spawn": spawn re-runs the parent's __main__
        # script in the child, which breaks any launcher without an `if __name__` guard.
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from transforms.guard import _serve; _serve(int(sys.argv[1]))",
             str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        theirs.close()
        conn = Connection(ours.detach())
        conn.send((self.splitter, float(self.limits.max_seconds_per_page)))
        self._proc, self._conn = proc, conn

    def _send(self, pages: list[Page]) -> list:
        """_call_child, where a batch the pipe cannot carry (a page that will not pickle) is sent
        again one page at a time from its first: only a page that fails alone is lost."""
        try:
            return self._call_child(pages)
        except Exception as exc:  # noqa: BLE001 - pickling fails before a byte is written: the child is unharmed
            return [exc] if len(pages) == 1 else self._send(pages[:1])

    def _call_child(self, pages: list[Page]) -> list:
        """Outcomes of the first pages of `pages`: all of them, or up to and including the one
        that timed out or crashed the child (which is then stopped)."""
        if self._proc is None or self._proc.poll() is not None:
            self.close()
            self._start()
        outcomes: list = []
        try:
            self._conn.send(pages)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return [self._crashed()]
        for _ in pages:
            started = time.monotonic()
            try:
                ready = self._conn.poll(self.limits.max_seconds_per_page)
                outcome = self._conn.recv() if ready else None
            except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
                return outcomes + [self._crashed()]
            if outcome is None:
                self.close()
                return outcomes + [
                    Rejected(
                        "split_timeout",
                        f"split took longer than split.max_seconds_per_page {self.limits.max_seconds_per_page}s; "
                        f"stopped after {time.monotonic() - started:.1f}s",
                    )
                ]
            if outcome[0] == "ok":
                outcomes.append(outcome[1])
            elif outcome[0] == "rejected":
                outcomes.append(Rejected(outcome[1], outcome[2]))
            else:
                outcomes.append(RuntimeError(f"{outcome[1]}: {outcome[2]}"))  # SplitPageFn: split_failed
        return outcomes

    def _crashed(self) -> Rejected:
        code = None
        if self._proc is not None:
            try:  # reap it, so the message names the exit code or the signal
                code = self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.close()
        return Rejected("split_crashed", f"the splitter process died on this page (exit code {code})")

    def close(self) -> None:
        """Stop the child (killed: it may be stuck in C code that nothing else interrupts)."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown: nothing left to report to
            pass


def guarded(splitter: Callable[[Page], list[Article]], section: Mapping[str, Any] | None) -> GuardedSplitter:
    """The splitter with the limits of a config `split:` section."""
    return GuardedSplitter(splitter, SplitLimits.from_mapping(section))


__all__ = ["GuardedSplitter", "SPLIT_LIMIT_REASONS", "SplitLimits", "check_page", "guarded"]
