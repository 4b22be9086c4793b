#!/usr/bin/env python3
"""Measures riffle's interactive startup and shutdown on a pseudo-terminal.

Usage: time_to_prompt.py [--runs N] path/to/riffle [riffle options...]

For each run: starts riffle on a pty (so it is interactive: banner, embedded broker, prompt),
times until the prompt "riffle> " appears, then sends Ctrl-D and times until the process has
exited. Prints each run and the median of both, in milliseconds. Used for bench/RESULTS.md
("Startup"); not a test.
"""

import os
import pty
import select
import statistics
import sys
import time

PROMPT = b"riffle> "
DEADLINE_S = 60


def read_until(fd, needle, deadline):
    seen = b""
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {needle!r} within {DEADLINE_S} s; got {seen[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the pty
                chunk = b""
            if not chunk:
                raise EOFError(f"riffle exited before {needle!r}; got {seen[-300:]!r}")
            seen += chunk
    return seen


def one_run(argv):
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    try:
        read_until(fd, PROMPT, start + DEADLINE_S)
        prompt_at = time.monotonic()
        os.write(fd, b"\x04")  # Ctrl-D at an empty prompt
        # Drain output until the pty closes, so riffle never blocks on a full terminal.
        while True:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    if not os.read(fd, 4096):
                        break
                except OSError:
                    break
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        if not done:
            _, status = os.waitpid(pid, 0)
        exit_at = time.monotonic()
    finally:
        os.close(fd)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"riffle exited with status {status}")
    return (prompt_at - start) * 1000, (exit_at - prompt_at) * 1000


def main():
    args = sys.argv[1:]
    runs = 10
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    argv = [os.path.abspath(args[0])] + args[1:]
    prompts, exits = [], []
    for i in range(runs):
        to_prompt, to_exit = one_run(argv)
        prompts.append(to_prompt)
        exits.append(to_exit)
        print(f"run {i + 1}: start to prompt {to_prompt:7.1f} ms, Ctrl-D to exit {to_exit:7.1f} ms")
    print(f"median of {runs}: start to prompt {statistics.median(prompts):.1f} ms, "
          f"Ctrl-D to exit {statistics.median(exits):.1f} ms")


if __name__ == "__main__":
    main()
