"""Counts, over the threads of process PID, those in which SIGTERM or SIGUSR1
is not blocked, and whether the process catches either with a handler, from
/proc/PID/task/*/status (SigBlk, SigCgt: hex masks, bit sig-1). A thread
waiting in sigwait shows its waited signals unblocked while it waits."""
import os
import sys

pid = sys.argv[1]
signals = (10, 15)  # SIGUSR1, SIGTERM
tasks = os.listdir(f"/proc/{pid}/task")
unblocked = caught = 0
for tid in tasks:
    fields = {}
    with open(f"/proc/{pid}/task/{tid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    blocked = int(fields["SigBlk"], 16)
    handled = int(fields["SigCgt"], 16)
    unblocked += any(not blocked >> (s - 1) & 1 for s in signals)
    caught += any(handled >> (s - 1) & 1 for s in signals)
print(f"threads {len(tasks)}")
print(f"unblocked {unblocked}")
print(f"handlers {caught}")
