#!/usr/bin/python3
"""Unplug a mock FTDI adapter (ttyUSB0) and plug it back as ttyUSB1 under a running
`tracegate devices read --usb VID:PID:SERIAL` (umockdev Testbed API): the same adapter, renamed by the
kernel, must still be found by its USB identity.

Usage: umockdev_rename.py DEVICE_DESCRIPTION SHIM_LIBRARY TRACEGATE USB_IDENTITY

The testbed lives in this process; the child runs under libumockdev-preload.so.0 (plus the modem-ioctl
shim) with UMOCKDEV_DIR pointing at the testbed, so it sees /sys and /dev/ttyUSB0 as the testbed says.
Steps: wait for "connected", send ONE, remove the device (unplug), wait for "waitingForDevice", add it
again (replug), wait for "connected", send TWO, then SIGINT the child. Prints the child's JSON lines
on stdout; exits non-zero with a message on stderr if a step does not happen within its time limit.
"""
import os
import sys

import gi

from umockdev_harness import Child, barcode, state

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402

description_path, shim, tracegate, identity = sys.argv[1:5]
description = open(description_path).read()

testbed = UMockdev.Testbed.new()
assert testbed.add_from_string(description)
child = Child(
    testbed,
    [tracegate, "devices", "read", "--usb", identity, "--driver", "libserialport",
     "--protocol", "lines", "--backoff-ms", "50"],
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
# The kernel reuses the closed pty's number for the next pty; drop umockdev's stale map entry for it,
# or adding ttyUSB1 fails to create its own.
ptymap = root + "/dev/.ptymap"
for entry in os.listdir(ptymap):
    if os.path.islink(ptymap + "/" + entry) and os.readlink(ptymap + "/" + entry) == "188:0":
        os.unlink(ptymap + "/" + entry)
child.wait_for(state("waitingForDevice"), "the unplug to be noticed")

# Replug as ttyUSB1: the kernel gives the next free number, under the same USB interface.
# add_from_string with the tty and its usb-serial port under the existing USB interface (add_device()
# refuses the parent path, see umockdev.vala add_devicev).
usb_interface = "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0"  # from the device description
assert testbed.add_from_string(
    "P: %s/ttyUSB1/tty/ttyUSB1\nN: ttyUSB1\nE: DEVNAME=/dev/ttyUSB1\nE: SUBSYSTEM=tty\nE: MAJOR=188\n"
    "E: MINOR=1\nA: dev=188:1\n\nP: %s/ttyUSB1\nE: DRIVER=ftdi_sio\nE: SUBSYSTEM=usb-serial\n"
    "A: port_number=0\n" % (usb_interface, usb_interface))
master = testbed.get_dev_fd("/dev/ttyUSB1")
reconnected = child.wait_for(state("connected"), "reconnection after the rename")
if reconnected.get("path") != "/dev/ttyUSB1":
    child.fail("reconnected to %r, expected /dev/ttyUSB1" % reconnected.get("path"))
os.write(master, b"TWO\r\n")
child.wait_for(barcode("TWO"), "barcode TWO")

child.finish()
