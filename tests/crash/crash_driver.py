#!/usr/bin/python3
"""Kill-and-recover driver for the crash test workload (crash_workload.cpp).

Each round starts the workload on the same data directory, kills it with SIGKILL, and runs
`crash_workload verify`, which recovers the directory and checks the invariants (every
acknowledged commit present, balances summing up, no partial or rolled-back transaction
visible, every page checksum sound). Rounds cycle through four kinds of crash:

  random      SIGKILL at a random moment of the running workload
  checkpoint  the workload kills itself at a crash point (GRANARY_CRASH_POINT) inside a
              checkpoint (after the flush, before or after the control file) or inside a
              vacuum (after the heap prune, after the index pass, between logging a truncation
              and shortening the file)
  recovery    after a random kill, the first verify is itself killed at a crash point after
              N replayed records; the second must then recover from the same checkpoint
  torn-wal    after a random kill, garbage is written where the valid WAL ends (found with
              `granary waldump`), as a torn write would leave it; recovery must stop there

Usage: crash_driver.py --workload PATH --granary PATH [--kills N] [--seed S] [--keep DIR]
Exit status 0 when every round verified.
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SEGMENT_SIZE = 16 << 20
CRASH_POINTS = ["checkpoint-start", "checkpoint-after-flush", "checkpoint-before-control",
                     "checkpoint-after-control", "vacuum-after-prune", "vacuum-after-index-pass",
                     "vacuum-before-truncate-file"]


def log(message):
    print(f"[crash {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Driver:
    def __init__(self, args, root):
        self.args = args
        self.data = os.path.join(root, "data")
        self.acks = os.path.join(root, "acks")
        self.random = random.Random(args.seed)
        self.run_number = 0

    def start_workload(self, env_extra=None):
        self.run_number += 1
        env = dict(os.environ)
        env.pop("GRANARY_CRASH_POINT", None)
        env.update(env_extra or {})
        command = [self.args.workload, "run", "--data", self.data, "--acks", self.acks,
                   "--run", str(self.run_number), "--sessions", str(self.args.sessions),
                   "--seed", str(self.random.randrange(1 << 30))]
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)

    def kill(self, process):
        """SIGKILLs a workload this driver started; returns its output."""
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        output, _ = process.communicate(timeout=60)
        if process.returncode not in (-signal.SIGKILL,):
            raise RuntimeError(f"workload ended with status {process.returncode} before the kill:\n{output}")
        return output

    def verify(self, env_extra=None, expect_success=True):
        env = dict(os.environ)
        env.pop("GRANARY_CRASH_POINT", None)
        env.update(env_extra or {})
        proc = subprocess.run([self.args.workload, "verify", "--data", self.data, "--acks", self.acks],
                              env=env, capture_output=True, text=True, timeout=300)
        if expect_success and proc.returncode != 0:
            raise RuntimeError(f"verify failed (status {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        return proc

    def random_kill(self):
        process = self.start_workload()
        time.sleep(self.random.uniform(0.4, 2.0))
        self.kill(process)

    def round_random(self):
        self.random_kill()
        return self.verify().stdout.strip()

    def round_checkpoint(self):
        point = self.random.choice(CRASH_POINTS)
        occurrence = self.random.randint(1, 4)
        process = self.start_workload({"GRANARY_CRASH_POINT": f"{point}:{occurrence}"})
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            output = self.kill(process)
            return f"{point}:{occurrence} not reached in 30 s (killed); " + self.verify().stdout.strip()
        if process.returncode != -signal.SIGKILL:
            raise RuntimeError(f"workload ended with status {process.returncode}:\n{output}")
        return f"died at {point}:{occurrence}; " + self.verify().stdout.strip()

    def round_recovery(self):
        self.random_kill()
        records = self.random.randint(1, 200)
        first = self.verify({"GRANARY_CRASH_POINT": f"recovery-record:{records}"}, expect_success=False)
        died = first.returncode == -signal.SIGKILL
        if not died and first.returncode != 0:
            raise RuntimeError(f"interrupted verify failed:\n{first.stdout}{first.stderr}")
        outcome = "killed during recovery" if died else "recovery had fewer records"
        return f"{outcome} (after {records} records); " + self.verify().stdout.strip()

    def round_torn_wal(self):
        self.random_kill()
        dump = subprocess.run([self.args.granary, "waldump", "-D", self.data, "--stats"],
                              capture_output=True, text=True, timeout=120)
        match = re.search(r"end of WAL at ([0-9A-F]+)/([0-9A-F]+)", dump.stdout)
        if dump.returncode != 0 or not match:
            raise RuntimeError(f"waldump failed:\n{dump.stdout}{dump.stderr}")
        end = (int(match.group(1), 16) << 32) | int(match.group(2), 16)
        path = os.path.join(self.data, "wal", "%016X" % (end // SEGMENT_SIZE))
        garbage = bytes(self.random.randrange(1, 256) for _ in range(self.random.randint(16, 600)))
        room = SEGMENT_SIZE - end % SEGMENT_SIZE
        with open(path, "r+b") as segment:
            segment.seek(end % SEGMENT_SIZE)
            segment.write(garbage[:room])
        result = self.verify()
        return f"{len(garbage[:room])} garbage bytes at {match.group(1)}/{match.group(2)}; " + result.stdout.strip()

    def run(self):
        kinds = [self.round_random, self.round_checkpoint, self.round_recovery, self.round_torn_wal]
        started = time.time()
        for round_number in range(self.args.kills):
            kind = kinds[round_number % len(kinds)]
            summary = kind()
            log(f"round {round_number + 1}/{self.args.kills} {kind.__name__[6:]}: {summary}")
        log(f"{self.args.kills} crashes recovered and verified in {time.time() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", required=True)
    parser.add_argument("--granary", required=True)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", help="use (and keep) this directory instead of a temporary one")
    args = parser.parse_args()
    log(f"seed {args.seed}")
    root = args.keep or tempfile.mkdtemp(prefix="granary-crash-")
    os.makedirs(root, exist_ok=True)
    try:
        Driver(args, root).run()
    except Exception as error:  # report, keep the directory for a post-mortem
        log(f"FAILED: {error}")
        log(f"data directory kept in {root}")
        return 1
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
