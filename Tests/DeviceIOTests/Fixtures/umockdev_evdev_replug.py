#!/usr/bin/python3
"""Unplug/replug a mock keyboard-wedge scanner under a running `tracegate devices input` (umockdev Testbed).

Usage: umockdev_evdev_replug.py DIRECTORY TRACEGATE

DIRECTORY holds kbd.umockdev and kbd.ioctl from `tracegate-tools simulate keyboard`. The child runs under
libumockdev-preload.so.0 with UMOCKDEV_DIR pointing at the testbed. Steps: wait for "connected", type ONE
(raw struct input_event records written to the node's pty master), unplug (close the master: the reader
sees end of file, as with ENODEV on real hardware; remove the node), wait for "waitingForDevice", replug
(a new pty becomes /dev/input/event7, 13:71 in umockdev's pty map), wait for "connected", type TWO, then
SIGINT the child. umockdev's remove_device() keeps the node's fd and a second add_from_string() then
aborts, hence the direct file operations (as umockdev_replug.py does for ttys). Prints the child's JSON
lines; exits non-zero with a message on stderr if a step does not happen in time.
"""
import os
import struct
import sys

import gi

from umockdev_harness import Child, barcode, replug_pty, state

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402

directory, tracegate = sys.argv[1:3]
NODE = "/dev/input/event7"
BY_ID = "/dev/input/by-id/usb-TraceGate_Simulated_Wedge-event-kbd"
testbed = UMockdev.Testbed.new()
assert testbed.add_from_string(open(os.path.join(directory, "kbd.umockdev")).read())
assert testbed.load_ioctl(NODE, os.path.join(directory, "kbd.ioctl"))
child = Child(testbed, [tracegate, "devices", "input", "--path", BY_ID, "--backoff-ms", "50"])
KEYS = {"O": 24, "N": 49, "E": 18, "T": 20, "W": 17}


def record(kind, code, value):
    """One native struct input_event (time stamp zero)."""
    return struct.pack("llHHi", 0, 0, kind, code, value)


def typed(text):
    """Records for upper-case letters typed with Left Shift, then Enter."""
    out = b""
    for letter in text:
        code = KEYS[letter]
        out += record(1, 42, 1) + record(1, code, 1) + record(0, 0, 0) + record(1, code, 0) + record(1, 42, 0)
        out += record(0, 0, 0)
    return out + record(1, 28, 1) + record(0, 0, 0) + record(1, 28, 0) + record(0, 0, 0)


child.wait_for(state("connected"), "first connection")
os.write(testbed.get_dev_fd(NODE), typed("ONE"))
child.wait_for(barcode("ONE"), "barcode ONE")

root = testbed.get_root_dir()
node = root + NODE
os.close(testbed.get_dev_fd(NODE))
os.unlink(node)
child.wait_for(state("waitingForDevice"), "the unplug to be noticed")

master = replug_pty(root, NODE, "13:71")
child.wait_for(state("connected"), "reconnection after replug")
os.write(master, typed("TWO"))
child.wait_for(barcode("TWO"), "barcode TWO")

child.finish()
