"""Shared by the umockdev unplug/replug scripts: a `tracegate` child running against a umockdev Testbed.

The testbed lives in the calling process; the child runs under libumockdev-preload.so.0 (plus any extra
preload, e.g. the modem-ioctl shim) with UMOCKDEV_DIR pointing at the testbed, so it sees /sys and /dev as
the testbed says. The child prints JSON lines; `wait_for` reads them until one matches, `finish` stops the
child with SIGINT and prints every line on stdout. Any step that does not happen in time exits non-zero
with a message on stderr (and the lines seen so far on stdout).
"""
import json
import os
import select
import signal
import subprocess
import sys
import time
import tty


class Child:
    """A `tracegate` process under the testbed, and the JSON lines it printed."""

    def __init__(self, testbed, argv, preload=""):
        env = dict(os.environ)
        env["UMOCKDEV_DIR"] = testbed.get_root_dir()
        env["LD_PRELOAD"] = (preload + ":" if preload else "") + "libumockdev-preload.so.0"
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, env=env)
        self.lines = []
        self.pending = b""

    def fail(self, message):
        self.process.kill()
        sys.stderr.write("replug step failed: " + message + "\n")
        for line in self.lines:
            sys.stdout.write(json.dumps(line) + "\n")
        sys.exit(1)

    def wait_for(self, predicate, what, limit=10.0):
        """Reads child output until a new line satisfies predicate; returns that line."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.1)
            if not ready:
                if self.process.poll() is not None:
                    self.fail("tracegate exited early while waiting for " + what)
                continue
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                self.fail("tracegate closed its output while waiting for " + what)
            self.pending += chunk
            while b"\n" in self.pending:
                raw, self.pending = self.pending.split(b"\n", 1)
                line = json.loads(raw)
                self.lines.append(line)
                if predicate(line):
                    return line
        self.fail("timed out waiting for " + what)

    def finish(self):
        """SIGINT, collect the rest, check the exit status, print every line."""
        self.process.send_signal(signal.SIGINT)
        try:
            remaining, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.fail("tracegate did not exit on SIGINT")
        for raw in (self.pending + remaining).split(b"\n"):
            if raw.strip():
                self.lines.append(json.loads(raw))
        if self.process.returncode != 0:
            self.fail("tracegate exited with status %d after SIGINT" % self.process.returncode)
        for line in self.lines:
            sys.stdout.write(json.dumps(line) + "\n")


def state(name):
    return lambda line: line.get("type") == "state" and line.get("state") == name


def barcode(data):
    return lambda line: line.get("type") == "barcode" and line.get("data") == data


def replug_pty(root, node, device_number):
    """Makes a new pty appear as `node` (umockdev's pty map gives it `device_number`); returns its master."""
    master, slave = os.openpty()
    tty.setraw(master)
    slave_path = os.ttyname(slave)
    os.close(slave)
    with open(root + "/dev/.ptymap/" + slave_path.replace("/", "_"), "w") as ptymap:
        ptymap.write(device_number)
    os.symlink(slave_path, root + node)
    return master
