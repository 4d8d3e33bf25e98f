#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the test that runs the workflow with `--executor slurm`
# (tests/workflow/test_slurm.py). Debian 12 packages (slurmctld, slurmd, slurm-client, munge; 22.05 / 0.5.15), no
# systemd, no slurmdbd: the workflow profile workflow/profiles/slurm/ asks Snakemake for `squeue` status checks.
#
#   bash .ci/slurm.sh start     install the packages if missing, write the config, start munged, slurmctld, slurmd,
#                               wait until the node is idle
#   bash .ci/slurm.sh stop      stop what `start` started (by pidfile), in reverse order
#   bash .ci/slurm.sh status    `scontrol ping` and `sinfo`
#
# Both are idempotent: `start` on a running cluster only checks it, `stop` on a stopped one does nothing. Any failure
# (apt, a daemon that does not come up, a node that is not idle within 60 s) ends `start` with exit status 1 and the
# daemons' last log lines, so CI cannot pass with the cluster test skipped (.ci/run sets SURVEYSEM_REQUIRE_SLURM=1).
# Config, state, logs and pidfiles live in one folder, SURVEYSEM_SLURM_DIR (default ${TMPDIR:-/tmp}/surveysem-slurm).
# The config is linked as /etc/slurm/slurm.conf (removed again by `stop`): the plugin's job step drops SLURM_CONF
# from the environment of the `srun` it calls inside each job, so clients must find the config in its default place;
# a slurm.conf there that is not this link (a real cluster's) is never touched: `start` refuses instead.
# munge keeps Debian's places (/etc/munge/munge.key, /run/munge), and munged is stopped only if `start` started it.
# Runs as root (CI does): SlurmUser=root and the jobs run as root. Adapted from ../shared/recipes/slurm/ (MIT, as the
# project).
set -euo pipefail
DIR=${SURVEYSEM_SLURM_DIR:-${TMPDIR:-/tmp}/surveysem-slurm}
PART=${SURVEYSEM_SLURM_PARTITION:-debug}
export SLURM_CONF="$DIR/slurm.conf"
export DEBIAN_FRONTEND=noninteractive
say() { echo "[slurm.sh $(date -u +%T)] $*"; }
die() { echo "[slurm.sh $(date -u +%T)] FAILED: $*" >&2; exit 1; }

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=0 b
  for b in slurmctld slurmd sinfo scontrol munged; do command -v "$b" >/dev/null || missing=1; done
  [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && [ -x /usr/sbin/munged ] || missing=1
  if [ "$missing" = 1 ]; then
    say "apt-get install slurmctld slurmd slurm-client munge"
    apt-get update -qq || die "apt-get update"
    apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null \
      || die "apt-get install slurmctld slurmd slurm-client munge"
  fi
  say "$(dpkg-query -W -f '${Package} ${Version}; ' slurmctld slurmd slurm-client munge)"
}

write_config() {
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(free -m | awk '/^Mem:/{print $2}') - 512 ))  # below what slurmd detects, else the node is drained
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" /etc/slurm
  if [ -e /etc/slurm/slurm.conf ] && [ "$(readlink /etc/slurm/slurm.conf)" != "$SLURM_CONF" ]; then
    die "/etc/slurm/slurm.conf exists and is not written by this script: is this machine part of a real cluster?"
  fi
  cat > "$SLURM_CONF" <<EOF
# written by .ci/slurm.sh: one node ($host, $cpus CPUs), no accounting database
ClusterName=surveysem-ci
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
# no systemd, no cgroups
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# no slurmdbd: sacct does not work, so Snakemake checks job states with squeue (workflow/profiles/slurm/)
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
# per-core scheduling: several 1-CPU jobs share the node (select/linear would give each job the whole node)
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
# finished jobs stay visible to squeue for 5 min; the Snakemake plugin goes back to sacct when
# MinJobAge < 3 x --slurm-init-seconds-before-status-checks
MinJobAge=300
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=${PART} Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  ln -sfn "$SLURM_CONF" /etc/slurm/slurm.conf
}

show_logs() {
  local f
  for f in "$DIR"/log/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  return 0
}

node_state() { sinfo -h -o %t 2>/dev/null | head -n 1; }

start() {
  if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && scontrol ping >/dev/null 2>&1; then
    say "already running ($(node_state))"
    return 0
  fi
  stop >/dev/null  # half-started leftovers of an earlier run
  install_packages
  write_config
  if alive /run/munge/munged.pid; then
    say "munged already running"
  else
    say "start munged"
    mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
    if [ ! -s /etc/munge/munge.key ]; then
      mungekey -c -f -k /etc/munge/munge.key && chown munge:munge /etc/munge/munge.key \
        && chmod 400 /etc/munge/munge.key || die "could not create /etc/munge/munge.key"
    fi
    runuser -u munge -- /usr/sbin/munged || die "munged did not start"
    touch "$DIR/started-munged"
  fi
  munge -n | unmunge >/dev/null || die "munge credentials do not work"
  say "start slurmctld and slurmd"
  /usr/sbin/slurmctld -c -f "$SLURM_CONF" || { show_logs; die "slurmctld did not start"; }  # -c: no old job state
  /usr/sbin/slurmd -f "$SLURM_CONF" || { show_logs; die "slurmd did not start"; }
  local i
  for i in $(seq 60); do
    [ "$(node_state)" = idle ] && break
    sleep 1
  done
  if [ "$(node_state)" != idle ]; then
    sinfo >&2 || true
    show_logs
    die "the node is not idle after 60 s (state: '$(node_state)')"
  fi
  sinfo
  say "cluster up (config $SLURM_CONF, linked as /etc/slurm/slurm.conf)"
}

stop() {
  local f pid i
  for f in "$DIR/slurmd.pid" "$DIR/slurmctld.pid"; do
    if alive "$f"; then
      pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for i in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
      say "stopped $(basename "$f" .pid) ($pid)"
    fi
    rm -f "$f"
  done
  if [ -e "$DIR/started-munged" ]; then
    if alive /run/munge/munged.pid; then
      pid=$(cat /run/munge/munged.pid)
      kill "$pid" 2>/dev/null || true
      for i in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      say "stopped munged ($pid)"
    fi
    rm -f "$DIR/started-munged"
  fi
  if [ "$(readlink /etc/slurm/slurm.conf 2>/dev/null)" = "$SLURM_CONF" ]; then rm -f /etc/slurm/slurm.conf; fi
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) scontrol ping && sinfo ;;
  *) echo "usage: bash .ci/slurm.sh start|stop|status" >&2; exit 2 ;;
esac
