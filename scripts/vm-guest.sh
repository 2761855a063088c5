#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a test VM once it runs on the host's root: finish the mounts a
# test expects, run the command, leave its status and the kernel log in the
# shared directory for vm-run, and power off.
. /run/vm/env

mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t mqueue mqueue /dev/mqueue
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t securityfs securityfs /sys/kernel/security
mount -t cgroup2 cgroup2 /sys/fs/cgroup
ip link set lo up 2>/dev/null || busybox ip link set lo up

cd "$IPCWALL_SRC"
bash -c "$(cat /run/vm/cmd)" </dev/null >/dev/ttyS1 2>&1
rc=$?

dmesg > /run/vm/dmesg
cat /proc/sys/kernel/tainted > /run/vm/tainted
echo "$rc" > /run/vm/rc
sync
busybox poweroff -f
