#!/usr/bin/env bash
# A sweep on a real single-node Slurm cluster, started here for the test:
# munged, slurmctld and slurmd from Debian's slurm-wlm and munge, as root,
# with a minimal slurm.conf in a scratch directory, stopped at the end.
# A 4-row InvertedPendulum sweep is submitted with sbatch --wait; row 1 gets
# scancel --signal=TERM once it has a checkpoint (ofex-train checkpoints and
# exits 3, the array script requeues the task, the task continues its run);
# all four rows must finish, with the same evaluations and deployed weights
# as the same rows run here by `ofex-sweep local`.
#
# usage: sweep-on-slurm.sh BIN_DIR SCRATCH_DIR
set -euo pipefail
BIN="$1"
WORK="$2"
fail() { echo "sweep-on-slurm: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (it starts munged, slurmctld and slurmd itself)"
for tool in munged slurmctld slurmd sbatch scancel scontrol squeue; do
  command -v "$tool" >/dev/null || fail "$tool missing: scripts/install-deps.sh installs slurm-wlm and munge"
done

rm -rf "$WORK"
mkdir -p "$WORK"/{state,spool,log,munge}
chmod 700 "$WORK/munge"
# A key of our own: the test never touches the machine's munge setup.
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$WORK/munge/munge.key"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
CTLD_PORT=$(free_port)
SLURMD_PORT=$(free_port)
HOST=$(hostname)
NODE=$(slurmd -C | head -1)

cleanup() {
  set +e
  [ -f "$WORK/slurmd.pid" ] && kill "$(cat "$WORK/slurmd.pid")" 2>/dev/null
  [ -f "$WORK/slurmctld.pid" ] && kill "$(cat "$WORK/slurmctld.pid")" 2>/dev/null
  [ -f "$WORK/munge/munged.pid" ] && kill "$(cat "$WORK/munge/munged.pid")" 2>/dev/null
  sleep 1
}
trap cleanup EXIT

munged --force --key-file="$WORK/munge/munge.key" --socket="$WORK/munge/socket" \
  --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/log/munged.log" \
  --seed-file="$WORK/munge/seed" || fail "munged did not start: $(cat "$WORK/log/munged.log" 2>/dev/null)"

cat > "$WORK/slurm.conf" <<CONF
ClusterName=ofextest
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$WORK/munge/socket
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
$NODE State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld || fail "slurmctld did not start: $(tail -3 "$WORK/log/slurmctld.log")"
slurmd || fail "slurmd did not start: $(tail -3 "$WORK/log/slurmd.log")"
for _ in $(seq 100); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && break
  sleep 0.2
done
sinfo -h -o %T | grep -q idle || fail "the node did not come up: $(tail -3 "$WORK/log/slurmd.log")"

cat > "$WORK/sweep.ini" <<INI
# Four InvertedPendulum runs, seeds 0 to 3.
env = InvertedPendulum
preset = sac
hidden = 16
batch = 32
warmup = 200
steps = 20000
eval-every = 5000
eval-episodes = 2
checkpoint-every = 1000
replay-size = 5000
quiet = true
seed = 0,1,2,3

[sweep]
name = ofex-test
time = 00:20:00
cpus-per-task = 1
max-parallel = 2
INI
"$BIN/ofex-sweep" plan "$WORK/sweep.ini" --dir "$WORK/on-slurm" >/dev/null
"$BIN/ofex-sweep" plan "$WORK/sweep.ini" --dir "$WORK/here" >/dev/null

sbatch --wait "$WORK/on-slurm/sweep.sbatch" > "$WORK/sbatch.out" 2>&1 &
SBATCH=$!
for _ in $(seq 600); do
  [ -s "$WORK/on-slurm/runs/seed-1/checkpoint.bin" ] && break
  sleep 0.1
done
[ -s "$WORK/on-slurm/runs/seed-1/checkpoint.bin" ] || fail "row 1 never wrote a checkpoint: $(cat "$WORK/on-slurm/logs/row-1.log" 2>/dev/null)"
JOB=$(awk '/Submitted batch job/ {print $4}' "$WORK/sbatch.out")
# The TERM reaches the job step at once; scancel then keeps retrying its
# job-level part while the task is being requeued, so it is not waited for.
timeout 5 scancel --signal=TERM "${JOB}_1" 2>/dev/null &
# Slurm holds a requeued task back for a while (BeginTime, about two
# minutes); once it is pending again, let it start now.
for _ in $(seq 600); do
  if grep -q "requeued" "$WORK/on-slurm/logs/row-1.log" 2>/dev/null &&
     [ "$(squeue -h -j "${JOB}_1" -o %t 2>/dev/null)" = PD ]; then
    scontrol update JobId="${JOB}_1" StartTime=now
    break
  fi
  sleep 0.1
done
wait "$SBATCH" || fail "sbatch --wait failed: $(cat "$WORK/sbatch.out")"

grep -q "ofex-train: stopped by signal 15 after a checkpoint" "$WORK/on-slurm/logs/row-1.log" \
  || fail "row 1 was not stopped by SIGTERM: $(cat "$WORK/on-slurm/logs/row-1.log")"
grep -q "row 1 stopped after a checkpoint; requeued" "$WORK/on-slurm/logs/row-1.log" \
  || fail "row 1 was not requeued: $(cat "$WORK/on-slurm/logs/row-1.log")"
grep -q "restart 1" "$WORK/on-slurm/logs/row-1.log" \
  || fail "row 1 did not run again after its requeue: $(cat "$WORK/on-slurm/logs/row-1.log")"
"$BIN/ofex-sweep" status "$WORK/on-slurm" | tail -1 | grep -q "rows 4: done 4," \
  || fail "not every row finished on Slurm: $("$BIN/ofex-sweep" status "$WORK/on-slurm")"

"$BIN/ofex-sweep" local "$WORK/here" --jobs 2 >/dev/null || fail "the local sweep failed"
for seed in 0 1 2 3; do
  a="$WORK/on-slurm/runs/seed-$seed"
  b="$WORK/here/runs/seed-$seed"
  cmp -s "$a/eval.csv" "$b/eval.csv" || fail "seed $seed: eval.csv differs between Slurm and local"
  cmp -s "$a/deploy.bin" "$b/deploy.bin" || fail "seed $seed: deploy.bin differs between Slurm and local"
done
echo "sweep-on-slurm: 4 rows on Slurm (row 1 stopped by SIGTERM, requeued, continued) equal the same rows run locally"
