"""`sieve slurm submit` on a real Slurm: a single-node cluster from Debian's packages, started by
scripts/slurm/start-local-slurm.sh (installs munge + slurm with apt-get when missing; needs root or
sudo). The oracle is `sieve run` on the same config: the run directory built by Slurm array jobs
must have a manifest.json byte-identical to the local run's.

Covered: the default pipeline (pipeline.yaml, every stage) through Slurm equals `sieve run`;
arrays split at the cluster's MaxArraySize (3 on the test cluster, read with scontrol; Slurm rejects
larger arrays), RUN_OFFSET, the next stage depending on all of them; a config's max_array_size winning,
and Slurm's default without scontrol;
a run directory whose name holds spaces, `$`, quotes and `;` (no shell injection); a failed task
(its dependents cancelled, `status` showing the error and the log tail), then a re-submit that runs
only the missing tasks; a task preempted with USR1 that requeues itself and restarts cleanly, and
fails instead after 3 restarts; `--until STAGE`, then the rest; `sieve slurm cancel`.
If the cluster cannot be started the tests FAIL (never skip)."""
import json
import os
import pathlib
import re
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "slurm"
WAIT_SECONDS = 90


@pytest.fixture(scope="session")
def slurm_cluster():
    try:
        p = subprocess.run([str(SCRIPTS / "start-local-slurm.sh")], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        pytest.fail(f"could not start the local Slurm test cluster ({SCRIPTS}/start-local-slurm.sh): {e}")
    if p.returncode != 0:
        pytest.fail("could not start the local Slurm test cluster with scripts/slurm/start-local-slurm.sh "
                    f"(exit {p.returncode}); it needs root (or sudo) and apt-get access for munge/slurm.\n"
                    f"{p.stdout}\n{p.stderr}")
    yield
    subprocess.run([str(SCRIPTS / "stop-local-slurm.sh")], capture_output=True, text=True, timeout=120)


CONFIG = """name: slurmtest
inputs: [in/*.jsonl]
tasks: 4
stages:
  - extract: {}
  - urlfilter: {domains: [x.example]}
slurm:
  time: "00:10:00"
  parallel: 2
  extra: ["#SBATCH --comment=sieve-test", "echo extra-line-ran"]
  stages: {urlfilter: {mem: 100M}}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory, sieve_bin):
    """Three JSON Lines files of 100 rows, the 2-stage config above, and its local run."""
    d = tmp_path_factory.mktemp("slurm")
    (d / "in").mkdir()
    for f in range(3):
        with open(d / "in" / f"part{f}.jsonl", "w") as fh:
            for i in range(100):
                host = "x.example" if i % 7 == 0 else f"site{i % 5}.org"
                fh.write(json.dumps({"id": f"f{f}-{i}", "text": f"document {f} number {i}. " * 5,
                                     "metadata": {"url": f"https://{host}/page{i}"}}) + "\n")
    (d / "pipeline.yaml").write_text(CONFIG)
    p = run([sieve_bin, "run", "pipeline.yaml", "--out", "local"], cwd=d)
    assert p.returncode == 0, p.stderr
    return d


def run(args, cwd, timeout=120):
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def status(sieve_bin, out):
    p = run([sieve_bin, "status", out, "--json"], cwd=out.parent)
    assert p.returncode in (0, 1), p.stderr
    return p.returncode, json.loads(p.stdout)


def wait_until(sieve_bin, out, done, what, seconds=WAIT_SECONDS):
    """Polls `sieve status --json` until done(status) holds."""
    deadline = time.time() + seconds
    while True:
        rc, st = status(sieve_bin, out)
        if done(rc, st):
            return rc, st
        if time.time() > deadline:
            logs = "\n".join(f"--- {p}\n{p.read_text(errors='replace')}" for p in sorted(out.glob("*/logs/*")))
            pytest.fail(f"timed out after {seconds}s waiting for {what}; last status: {st}\n"
                        f"squeue:\n{run(['squeue', '-t', 'all', '-r'], cwd=out.parent).stdout}\n{logs}")
        time.sleep(0.5)


def eligible_in(stamp):
    """Seconds from now until a Slurm time stamp (local time, as scontrol prints it); 0 for Unknown/None."""
    try:
        return time.mktime(time.strptime(stamp, "%Y-%m-%dT%H:%M:%S")) - time.time()
    except ValueError:
        return 0


def settled(rc, st):
    return all(s["running"] == 0 and s["pending"] == 0 for s in st["stages"])


def submit(sieve_bin, d, out, *extra):
    p = run([sieve_bin, "slurm", "submit", "pipeline.yaml", "--out", out, *extra], cwd=d)
    assert p.returncode == 0, p.stdout + p.stderr
    return p


def jobs(out):
    return json.loads((out / "slurm" / "jobs.json").read_text())["arrays"]


def test_slurm_run_matches_local_run(sieve_bin, slurm_cluster, pipeline):
    d = pipeline
    out = d / "run $HOME 'a' \"b\"; touch INJECTED"

    dry = submit(sieve_bin, d, out, "--dry-run")
    assert not out.exists(), "--dry-run must not write anything"
    assert "# arrays of at most 3 tasks (the cluster's MaxArraySize)" in dry.stdout
    assert "--array=0-2%2" in dry.stdout and "RUN_OFFSET=3" in dry.stdout
    assert "--dependency=afterok:JOB_1:JOB_2" in dry.stdout
    assert dry.stdout.count("\nsbatch ") == 4

    p = submit(sieve_bin, d, out)
    ids = p.stdout.split()
    assert len(ids) == 4, p.stdout
    arrays = jobs(out)
    assert [(a["stage"], a["run_offset"], a["tasks"]) for a in arrays] == [
        ("extract", 0, [0, 1, 2]), ("extract", 3, [3]), ("urlfilter", 0, [0, 1, 2]), ("urlfilter", 3, [3])]
    # The next stage waits for every array of the previous one (no DependencyNeverSatisfied leftovers).
    assert arrays[2]["depends_on"] == ids[:2] and arrays[3]["depends_on"] == ids[:2]
    script = (out / "slurm" / "01-extract.sbatch").read_text()
    assert "#SBATCH --signal=B:USR1@120" in script and "#SBATCH --requeue" in script
    assert "#SBATCH --mem=100M" in (out / "slurm" / "02-urlfilter.sbatch").read_text()
    assert ".venv" not in script and "unset VIRTUAL_ENV" in script

    rc, st = wait_until(sieve_bin, out, lambda rc, st: rc == 0, "the pipeline to complete")
    assert [(s["stage"], s["done"]) for s in st["stages"]] == [("extract", 4), ("urlfilter", 4)]
    assert (out / "manifest.json").read_bytes() == (d / "local" / "manifest.json").read_bytes()

    assert not list(d.rglob("INJECTED")), "a path from the command line became shell code"
    logs = sorted(p.name for p in (out / "01-extract" / "logs").iterdir() if p.name.startswith("slurm-"))
    assert logs == [f"slurm-{ids[0]}_0.out", f"slurm-{ids[0]}_1.out", f"slurm-{ids[0]}_2.out", f"slurm-{ids[1]}_0.out"]
    assert "extra-line-ran" in (out / "01-extract" / "logs" / logs[-1]).read_text()
    assert "stage extract task 3" in (out / "01-extract" / "logs" / logs[-1]).read_text()

    again = submit(sieve_bin, d, out)
    assert again.stdout.strip() == "" and len(jobs(out)) == 4, "a complete run must submit nothing"


def test_slurm_config_array_size_wins_over_the_clusters(sieve_bin, slurm_cluster, pipeline, tmp_path):
    """max_array_size in the config beats the cluster's MaxArraySize; with neither known, Slurm's
    default 1001 applies and --dry-run says why."""
    d = tmp_path
    (d / "pipeline.yaml").write_text(CONFIG.replace('time: "00:10:00"', 'time: "00:10:00"\n  max_array_size: 2')
                                     .replace("inputs: [in/*.jsonl]", f"inputs: [{pipeline}/in/*.jsonl]"))
    dry = submit(sieve_bin, d, d / "out", "--dry-run").stdout
    assert "# arrays of at most 2 tasks (max_array_size in the config)" in dry
    assert "--array=0-1 " in dry and "RUN_OFFSET=2" in dry and dry.count("\nsbatch ") == 4
    # Without the setting and without scontrol (a laptop): Slurm's default, and the reason.
    (d / "pipeline.yaml").write_text(CONFIG.replace("inputs: [in/*.jsonl]", f"inputs: [{pipeline}/in/*.jsonl]"))
    p = subprocess.run([sieve_bin, "slurm", "submit", "pipeline.yaml", "--out", str(d / "out"), "--dry-run"],
                       cwd=d, capture_output=True, text=True, env={**os.environ, "PATH": "/nonexistent"})
    assert p.returncode == 0, p.stderr
    assert "# arrays of at most 1001 tasks (Slurm's default; scontrol not found)" in p.stdout
    assert "--array=0-3%2 " in p.stdout and p.stdout.count("\nsbatch ") == 2


def test_slurm_failed_task_then_resubmit(sieve_bin, slurm_cluster, pipeline):
    d = pipeline
    out = d / "failing"
    # Task 1 of `extract` cannot rename its output into place (a folder is in the way), as root too.
    blocker = out / "01-extract" / "data" / "00001.jsonl.zst"
    blocker.mkdir(parents=True)

    first = submit(sieve_bin, d, out).stdout.split()
    rc, st = wait_until(sieve_bin, out, settled, "the failed run to settle")
    assert rc == 1
    ext, url = st["stages"]
    assert (ext["done"], len(ext["failed_tasks"]), ext["cancelled"]) == (3, 1, 0)
    failed = ext["failed_tasks"][0]
    assert failed["task"] == 1 and "rename failed" in failed["error"]
    assert failed["slurm_job"] == f"{first[0]}_1"
    # The dependents were cancelled by Slurm (kill_invalid_depend), not left pending forever.
    assert (url["done"], url["cancelled"], url["pending"]) == (0, 4, 0)
    assert "DependencyNeverSatisfied" in url["reasons"]
    text = run([sieve_bin, "status", out], cwd=d)
    assert text.returncode == 1
    assert "task 1" in text.stdout and "| error: " in text.stdout and "rename failed" in text.stdout, text.stdout

    blocker.rmdir()
    dry = submit(sieve_bin, d, out, "--dry-run").stdout
    assert dry.count("\nsbatch ") == 3 and "--array=1 " in dry

    second = submit(sieve_bin, d, out).stdout.split()
    new = [a for a in jobs(out) if a["submission"] == 2]
    assert [(a["stage"], a["tasks"]) for a in new] == [("extract", [1]), ("urlfilter", [0, 1, 2]), ("urlfilter", [3])]
    assert [a["job_id"] for a in new] == second
    rc, st = wait_until(sieve_bin, out, lambda rc, st: rc == 0, "the re-submitted run to complete")
    assert (out / "manifest.json").read_bytes() == (d / "local" / "manifest.json").read_bytes()


def test_slurm_submit_until_a_stage_then_the_rest(sieve_bin, slurm_cluster, pipeline):
    """For clusters that cap queued jobs: `--until extract` submits only extract; status shows the
    rest pending; a second submit, once extract is done, sends only urlfilter; the run equals
    `sieve run`'s."""
    d = pipeline
    out = d / "until"
    bad = run([sieve_bin, "slurm", "submit", "pipeline.yaml", "--out", out, "--until", "urlfiltre"], cwd=d)
    assert bad.returncode == 2 and "did you mean 'urlfilter'?" in bad.stderr, bad.stderr
    first = submit(sieve_bin, d, out, "--until", "extract").stdout.split()
    assert [a["stage"] for a in jobs(out)] == ["extract", "extract"] and len(first) == 2
    rc, st = wait_until(sieve_bin, out, lambda rc, st: st["stages"][0]["done"] == 4, "extract to complete")
    assert rc == 1 and st["stages"][1]["done"] == 0 and st["stages"][1]["pending"] == st["stages"][1]["unsubmitted"] == 4, st
    text = run([sieve_bin, "status", out], cwd=d).stdout
    assert "not submitted: urlfilter (4); once the stages before them are done" in text, text
    again = submit(sieve_bin, d, out, "--until", "extract")
    assert again.stdout == "" and "every task up to stage 'extract' is done; nothing to submit" in again.stderr
    second = submit(sieve_bin, d, out).stdout.split()
    assert [a["stage"] for a in jobs(out) if a["submission"] == 2] == ["urlfilter", "urlfilter"] and len(second) == 2
    assert all(a["depends_on"] == [] for a in jobs(out) if a["submission"] == 2), "extract is done: nothing to wait for"
    wait_until(sieve_bin, out, lambda rc, st: rc == 0, "the rest of the run to complete")
    assert (out / "manifest.json").read_bytes() == (d / "local" / "manifest.json").read_bytes()


def requeue_config(d, pipeline, sleep):
    """A one-task extract run whose batch script, once its USR1 trap is set, prints a marker and
    waits `sleep` seconds before the task starts (time to send the signal while it runs). The
    wait is a background sleep, as bash runs a trap only once the foreground command is over."""
    (d / "pipeline.yaml").write_text(f"""name: requeue
inputs: [{pipeline}/in/*.jsonl]
tasks: 1
stages:
  - extract: {{}}
slurm:
  extra: ["echo ready-for-signal", "sleep {sleep} & wait $!"]
""")


class RequeuedJob:
    """Drives one array element through USR1 signals and requeues, as Slurm does before a time
    limit or on preemption (--signal=B:USR1@120)."""

    def __init__(self, sieve_bin, d, out, job):
        self.sieve_bin, self.d, self.out, self.job = sieve_bin, d, out, job
        self.log = out / "01-extract" / "logs" / f"slurm-{job}_0.out"
        self.deadline = time.time() + WAIT_SECONDS

    def show(self):
        return run(["scontrol", "show", "job", self.job], cwd=self.d).stdout

    def signal_when_running(self, starts):
        """Waits for the script's `starts`-th start (its trap is set before the config's extra
        lines), then sends USR1 to the batch shell."""
        while not (self.log.exists() and self.log.read_text().count("ready-for-signal") >= starts):
            assert time.time() < self.deadline, f"job {self.job} never started (#{starts}):\n{self.show()}"
            time.sleep(0.1)
        assert "JobState=RUNNING" in self.show()
        p = run(["scancel", "--batch", "--signal=USR1", self.job], cwd=self.d)
        assert p.returncode == 0, p.stderr

    def wait_requeued(self, restarts):
        while f"Restarts={restarts}" not in self.show():
            assert time.time() < self.deadline, f"the task did not requeue itself on USR1 (#{restarts}):\n{self.show()}"
            time.sleep(0.2)
        self.requeued_at = time.time()

    def hurry(self):
        """Slurm holds a requeued job for about 2 minutes (until the revoked job credential
        expires); let it start sooner, but never within the second of the requeue: slurmd compares
        credential times in whole seconds, and a job restarted in the same second as its revocation
        is killed at launch ("Job credential revoked") and fails for good. A requeue never does
        that on its own. While the job waits as PENDING: pull its eligible time in to 2 s from now
        (only when it lies further out, so this never pushes it back); once that time has passed,
        set it to now again, which makes the controller schedule at once instead of at its next
        backfill."""
        m = re.search(r"JobState=(\w+).*?EligibleTime=(\S+)", self.show(), re.S)
        if m and m.group(1) == "PENDING":
            wait = eligible_in(m.group(2))
            late = wait < 0 and time.time() - self.requeued_at > 2
            start = "now+2" if wait > 10 else "now" if late else None
            if start:
                u = run(["scontrol", "update", f"JobId={self.job}", f"StartTime={start}"], cwd=self.d)
                assert u.returncode == 0, u.stderr

    def restart(self, starts):
        """Hurries the requeued job until its script starts for the `starts`-th time."""
        while not (self.log.exists() and self.log.read_text().count("ready-for-signal") >= starts):
            assert time.time() < self.deadline, f"the requeued job did not start again:\n{self.show()}"
            self.hurry()
            time.sleep(0.3)


def test_slurm_preempted_task_requeues_itself(sieve_bin, slurm_cluster, pipeline, tmp_path):
    d = tmp_path
    requeue_config(d, pipeline, sleep=3)
    assert run([sieve_bin, "run", "pipeline.yaml", "--out", "local"], cwd=d).returncode == 0
    out = d / "out"
    job = RequeuedJob(sieve_bin, d, out, submit(sieve_bin, d, out).stdout.split()[0])
    job.signal_when_running(starts=1)
    job.wait_requeued(restarts=1)
    rc, st = status(sieve_bin, out)
    assert rc == 1 and st["stages"][0]["done"] == 0

    def requeued_done(rc, st):
        job.hurry()
        return rc == 0
    wait_until(sieve_bin, out, requeued_done, "the requeued task to complete")
    text = job.log.read_text()
    assert "USR1 received: requeueing" in text and "stage extract task 0: 300 in" in text
    assert (out / "manifest.json").read_bytes() == (d / "local" / "manifest.json").read_bytes()


def test_slurm_task_stops_requeueing_itself_after_three_restarts(sieve_bin, slurm_cluster, pipeline, tmp_path):
    """A task that keeps reaching its time limit would start over forever: after 3 restarts the
    fourth USR1 ends it as failed, with a log that says what to change."""
    d = tmp_path
    requeue_config(d, pipeline, sleep=60)
    out = d / "out"
    job = RequeuedJob(sieve_bin, d, out, submit(sieve_bin, d, out).stdout.split()[0])
    for k in range(1, 4):
        job.signal_when_running(starts=k)
        job.wait_requeued(restarts=k)
        job.restart(starts=k + 1)
    job.signal_when_running(starts=4)
    rc, st = wait_until(sieve_bin, out, settled, "the task to fail")
    assert rc == 1
    failed = st["stages"][0]["failed_tasks"]
    assert len(failed) == 1 and failed[0]["task"] == 0, st
    text = job.log.read_text()
    assert text.count("USR1 received: requeueing") == 3
    assert "after 3 restarts: not requeueing again. Give stage extract more time" in text
    assert "Restarts=3" in job.show() and "JobState=FAILED" in job.show()


def test_default_pipeline_on_slurm_matches_sieve_run(sieve_bin, slurm_cluster, tmp_path):
    """pipeline.yaml as shipped (every stage, the demo's Fixtures/), one array per stage folder,
    each after the previous one: the run directory equals `sieve run`'s byte for byte.
    To stay fast on a 2-core CI machine, the copy runs 2 tasks per stage instead of 4 (the debug
    build spends ~15 s per tokenize task loading the tokenizer); everything else is unchanged.
    The copy sits in a folder whose entries link to the repository's, so relative paths hold."""
    d = tmp_path / "repo"
    d.mkdir()
    for e in ROOT.iterdir():
        if e.name not in ("pipeline.yaml", ".git", ".build", "runs"):
            (d / e.name).symlink_to(e)
    text = (ROOT / "pipeline.yaml").read_text()
    assert re.search(r"^tasks: *\d+", text, re.M), "pipeline.yaml has no top-level `tasks:`"
    (d / "pipeline.yaml").write_text(re.sub(r"^tasks: *\d+", "tasks: 2", text, flags=re.M))
    config = d / "pipeline.yaml"
    out, local = tmp_path / "slurm", tmp_path / "local"
    p = run([sieve_bin, "slurm", "submit", config, "--out", out], cwd=d)
    assert p.returncode == 0, p.stdout + p.stderr
    ids = p.stdout.split()
    # The local run shares the two cores with the Slurm jobs meanwhile.
    l = run([sieve_bin, "run", config, "--out", local, "--workers", "2"], cwd=d, timeout=600)
    assert l.returncode == 0, l.stderr
    info = json.loads((out / "run.json").read_text())
    folders = [s["folder"] for s in info["stages"]]
    arrays = jobs(out)
    assert [a["folder"] for a in arrays] == folders and [a["job_id"] for a in arrays] == ids
    for prev, a in zip(arrays, arrays[1:]):
        assert a["depends_on"] == [prev["job_id"]], a
    rc, st = wait_until(sieve_bin, out, lambda rc, st: rc == 0 or any(s["failed"] for s in st["stages"]),
                        "the default pipeline to complete on Slurm", seconds=420)
    assert rc == 0, st
    assert [s["done"] for s in st["stages"]] == [s["tasks"] for s in info["stages"]]
    assert (out / "manifest.json").read_bytes() == (local / "manifest.json").read_bytes()
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert any(f.startswith("shards/") and f.endswith(".bin") for f in files), "no Megatron shards in the manifest"
    # Per-task logs under the run directory: one Slurm log per array element of every stage.
    for a, s in zip(arrays, info["stages"]):
        logs = sorted((out / s["folder"] / "logs").glob(f"slurm-{a['job_id']}_*.out"))
        assert len(logs) == s["tasks"], (s["folder"], logs)


def test_cancel_stops_the_runs_jobs(sieve_bin, slurm_cluster, pipeline, tmp_path):
    d = tmp_path
    (d / "pipeline.yaml").write_text(f"""name: cancel
inputs: [{pipeline}/in/*.jsonl]
tasks: 2
stages:
  - extract: {{}}
  - urlfilter: {{domains: [x.example]}}
slurm:
  extra: ["sleep 120"]
""")
    never = run([sieve_bin, "slurm", "cancel", pipeline / "local"], cwd=d)
    assert never.returncode == 1 and "never submitted to Slurm" in never.stderr, never.stderr

    out = d / "out"
    ids = submit(sieve_bin, d, out).stdout.split()
    assert len(ids) == 2

    def active():
        return run(["squeue", "-h", "-r", "-j", ",".join(ids), "-t", "PENDING,RUNNING,CONFIGURING,COMPLETING",
                    "-o", "%F"], cwd=d).stdout.split()

    dry = run([sieve_bin, "slurm", "cancel", out, "--dry-run"], cwd=d)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.split() == ids and "would cancel" in dry.stderr
    time.sleep(1)
    assert sorted(set(active())) == sorted(ids), "--dry-run must cancel nothing"

    c = run([sieve_bin, "slurm", "cancel", out], cwd=d)
    assert c.returncode == 0, c.stderr
    assert c.stdout.split() == ids
    deadline = time.time() + WAIT_SECONDS
    while active():
        assert time.time() < deadline, f"jobs still active after cancel: {active()}"
        time.sleep(0.3)
    rc, st = status(sieve_bin, out)
    assert rc == 1
    assert all(s["done"] == 0 and s["running"] == 0 and s["pending"] == 0 for s in st["stages"]), st

    again = run([sieve_bin, "slurm", "cancel", out], cwd=d)
    assert again.returncode == 0 and again.stdout == "" and "nothing to cancel" in again.stderr, again.stderr
