#!/usr/bin/env bash
# start-local-slurm.sh - a real single-node Slurm (munged + slurmctld + slurmd) for Sieve's
# cluster tests, from Debian's packages, started from the shell (no systemd needed).
#
# Usage:  scripts/slurm/start-local-slurm.sh [--clean]       (as root, or with sudo available)
#   --clean   wipe controller state, spool and logs first (job ids restart at 1)
# Env:
#   SIEVE_SLURM_DIR      state/log/pid folder            (default /tmp/sieve-slurm)
#   SIEVE_SLURM_PARTITION partition name                  (default debug)
#   SIEVE_SLURM_TIMEOUT  seconds to wait for the node     (default 60)
# Idempotent: re-running while the cluster is healthy changes nothing. Installs the packages
# munge slurmctld slurmd slurm-client with apt-get when they are missing.
# Stop with scripts/slurm/stop-local-slurm.sh (same SIEVE_SLURM_DIR).
#
# The generated slurm.conf sets DependencyParameters=kill_invalid_depend: without it a job whose
# `afterok` dependency failed stays PENDING (DependencyNeverSatisfied) forever.
# It also sets MaxArraySize=3 (array indices 0-2), so that the tests see Slurm itself reject an
# array a stage of 4 tasks would need, and `sieve slurm submit` split it by reading that limit.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then exec sudo -E "$0" "$@"; fi
  echo "start-local-slurm: ERROR: must run as root (no sudo found)" >&2; exit 1
fi

DIR=${SIEVE_SLURM_DIR:-/tmp/sieve-slurm}
PARTITION=${SIEVE_SLURM_PARTITION:-debug}
TIMEOUT=${SIEVE_SLURM_TIMEOUT:-60}
CONF=/etc/slurm/slurm.conf
CLEAN=0
for a in "$@"; do
  case "$a" in
    --clean) CLEAN=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "start-local-slurm: unknown argument '$a'" >&2; exit 2 ;;
  esac
done

T0=$(date +%s%N)
log() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[start-local-slurm %d.%03ds] %s\n' $((ms/1000)) $((ms%1000)) "$*"; }
die() { echo "start-local-slurm: ERROR: $*" >&2; exit 1; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { if [ -s "$1" ]; then cat "$1"; fi; }
show_log() { if [ -f "$1" ]; then echo "---- last lines of $1 ----" >&2; tail -n 25 "$1" >&2; fi; }

# 1. Packages ------------------------------------------------------------------------------
PKGS="munge slurmctld slurmd slurm-client"
missing=""
for b in munged munge unmunge slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
  command -v "$b" >/dev/null 2>&1 || missing="$missing $b"
done
if [ -n "$missing" ]; then
  log "installing $PKGS (missing:$missing)"
  command -v apt-get >/dev/null || die "apt-get not found; install Slurm ($PKGS) by hand"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' postinst scripts from starting services (no systemd, no slurm.conf yet).
  added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1
  fi
  apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  rc=0
  apt-get "${apt_opts[@]}" update -qq || rc=$?
  if [ $rc -eq 0 ]; then apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends $PKGS >/dev/null || rc=$?; fi
  if [ $added_policy -eq 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ $rc -eq 0 ] || die "apt-get failed (exit $rc) installing: $PKGS"
  log "installed"
fi
log "$(slurmctld -V)"

# 2. munge ---------------------------------------------------------------------------------
mkdir -p "$DIR"/{state,spool,log,run}
MUNGE_RUN=/run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
    log "created /etc/munge/munge.key"
  fi
  for d in /etc/munge /var/lib/munge /var/log/munge "$MUNGE_RUN"; do mkdir -p "$d"; chown munge:munge "$d"; done
  chmod 0700 /etc/munge /var/log/munge; chmod 0711 /var/lib/munge; chmod 0755 "$MUNGE_RUN"
  chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
  old=$(pid_of "$MUNGE_RUN/munged.pid")
  if alive "$old"; then die "munged (pid $old) runs but 'munge -n | unmunge' fails; see /var/log/munge/munged.log"; fi
  rm -f "$MUNGE_RUN/munged.pid" "$MUNGE_RUN/munge.socket.2" "$MUNGE_RUN/munge.socket.2.lock"
  runuser -u munge -- /usr/sbin/munged || { show_log /var/log/munge/munged.log; die "munged failed to start"; }
  for _ in $(seq 1 40); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.25; done
  munge -n | unmunge >/dev/null || { show_log /var/log/munge/munged.log; die "munged started but credentials do not round-trip"; }
  touch "$DIR/run/munged.ours"   # the stop script only stops munged if we started it
  log "munged started (pid $(pid_of "$MUNGE_RUN/munged.pid"))"
fi

# 3. slurm.conf ----------------------------------------------------------------------------
NODE=$(hostname -s)
HW=$(slurmd -C | head -n1 | sed -e 's/^NodeName=[^ ]* //')
[ -n "$HW" ] || die "'slurmd -C' printed nothing"
NEWCONF=$(cat <<CONF
# generated by Sieve's scripts/slurm/start-local-slurm.sh: single-node test cluster
ClusterName=sievetest
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
DependencyParameters=kill_invalid_depend
ReturnToService=2
MinJobAge=3600
MaxArraySize=3
NodeName=$NODE NodeAddr=127.0.0.1 $HW State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
)
mkdir -p /etc/slurm
CONF_CHANGED=0
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$NEWCONF" ]; then
  if [ -f "$CONF" ] && ! grep -q "generated by Sieve's" "$CONF"; then cp "$CONF" "$CONF.sieve-backup"; fi
  printf '%s\n' "$NEWCONF" > "$CONF"
  CONF_CHANGED=1
  log "wrote $CONF"
fi

# 4. Daemons -------------------------------------------------------------------------------
CTLD_PID=$(pid_of "$DIR/run/slurmctld.pid")
SLURMD_PID=$(pid_of "$DIR/run/slurmd.pid")
if [ $CLEAN -eq 1 ]; then
  if alive "$CTLD_PID" || alive "$SLURMD_PID"; then die "--clean asked for, but the cluster runs; stop it first"; fi
  rm -rf "${DIR:?}/state" "${DIR:?}/spool" "${DIR:?}/log"; mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  log "state, spool and logs wiped"
fi
if alive "$CTLD_PID"; then
  if [ $CONF_CHANGED -eq 1 ]; then scontrol reconfigure || die "scontrol reconfigure failed"; log "reconfigured"; fi
else
  rm -f "$DIR/run/slurmctld.pid"
  slurmctld || { show_log "$DIR/log/slurmctld.log"; die "slurmctld failed to start"; }
  log "slurmctld started"
fi
for _ in $(seq 1 $((TIMEOUT * 4))); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.25; done
scontrol ping 2>/dev/null | grep -q UP || { show_log "$DIR/log/slurmctld.log"; die "slurmctld does not answer 'scontrol ping' after ${TIMEOUT}s"; }
if ! alive "$SLURMD_PID"; then
  rm -f "$DIR/run/slurmd.pid"
  slurmd -N "$NODE" || { show_log "$DIR/log/slurmd.log"; die "slurmd failed to start"; }
  log "slurmd started"
fi

state=""
for i in $(seq 1 $((TIMEOUT * 4))); do
  state=$(sinfo -h -n "$NODE" -o '%T' 2>/dev/null | head -n1)
  case "$state" in
    idle|mixed|allocated|completing) break ;;
    down*|drain*) if [ $((i % 8)) -eq 0 ]; then scontrol update NodeName="$NODE" State=RESUME 2>/dev/null || true; fi ;;
  esac
  sleep 0.25
done
case "$state" in
  idle|mixed|allocated|completing) ;;
  *) show_log "$DIR/log/slurmd.log"; show_log "$DIR/log/slurmctld.log"
     die "node $NODE not usable after ${TIMEOUT}s (state '$state')" ;;
esac
log "ready: node $NODE is $state, partition '$PARTITION', logs in $DIR/log"
