#!/usr/bin/python3
"""Unplug/replug a mock CH340 adapter under a running `tracegate devices read` (umockdev Testbed API).

Usage: umockdev_replug.py DEVICE_DESCRIPTION SHIM_LIBRARY TRACEGATE [extra tracegate args...]

The testbed lives in this process; the child runs under libumockdev-preload.so.0 (plus the modem-ioctl
shim) with UMOCKDEV_DIR pointing at the testbed, so it sees /sys and /dev/ttyUSB0 as the testbed says.
Steps: wait for "connected", send ONE, remove the device (unplug), wait for "waitingForDevice", add it
again (replug), wait for "connected", send TWO, then SIGINT the child. Prints the child's JSON lines
on stdout; exits non-zero with a message on stderr if a step does not happen within its time limit.
"""
import os
import sys

import gi

from umockdev_harness import Child, barcode, replug_pty, state

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402

description_path, shim, tracegate = sys.argv[1:4]
extra = sys.argv[4:]
description = open(description_path).read()

testbed = UMockdev.Testbed.new()
assert testbed.add_from_string(description)
child = Child(
    testbed,
    [tracegate, "devices", "read", "--path", "/dev/ttyUSB0", "--driver", "libserialport",
     "--protocol", "lines", "--backoff-ms", "50"] + extra,
    preload=shim)


child.wait_for(state("connected"), "first connection")
os.write(testbed.get_dev_fd("/dev/ttyUSB0"), b"ONE\r\n")
child.wait_for(barcode("ONE"), "barcode ONE")

# Unplug: the device node and /sys/class/tty/ttyUSB0 vanish and the pty master closes, so the open
# port hangs up. (testbed.remove_device() keeps the master open and add_from_string() then refuses to
# re-create /dev/ttyUSB0, so the unplug and replug are done on the testbed's files directly.)
root = testbed.get_root_dir()
node = root + "/dev/ttyUSB0"
class_link = root + "/sys/class/tty/ttyUSB0"
class_target = os.readlink(class_link)
os.close(testbed.get_dev_fd("/dev/ttyUSB0"))
os.unlink(node)
os.unlink(class_link)
child.wait_for(state("waitingForDevice"), "the unplug to be noticed")

# Replug: a new pty becomes /dev/ttyUSB0 (188:0 in umockdev's pty map) and the sysfs entry returns.
master = replug_pty(root, "/dev/ttyUSB0", "188:0")
os.symlink(class_target, class_link)
child.wait_for(state("connected"), "reconnection after replug")
os.write(master, b"TWO\r\n")
child.wait_for(barcode("TWO"), "barcode TWO")

child.finish()
