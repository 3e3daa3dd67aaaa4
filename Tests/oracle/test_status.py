"""`sieve status` of a local run (no Slurm): a running task is seen from its live process, a
killed one is not; a failed task is shown with its error and the tail of its log."""
import json
import subprocess
import time

CONFIG = """name: status
inputs: [in/*.jsonl]
tasks: 2
stages:
  - urlfilter: {domains: [x.example]}
  - quality:   {filters: [gopher_quality, gopher_repetition, fineweb_quality]}
"""


def make(d, rows):
    (d / "in").mkdir()
    for f in range(2):
        with open(d / "in" / f"p{f}.jsonl", "w") as fh:
            for i in range(rows):
                fh.write(json.dumps({"id": f"p{f}-{i}", "text": f"word{i % 50} other text here " * 8,
                                     "metadata": {"url": f"https://s{i % 7}.org/{i}"}}) + "\n")
    (d / "p.yaml").write_text(CONFIG)


def status(sieve_bin, out):
    p = subprocess.run([sieve_bin, "status", str(out), "--json"], capture_output=True, text=True)
    return p.returncode, json.loads(p.stdout)


def test_running_then_killed(sieve_bin, tmp_path):
    make(tmp_path, 12000)
    out = tmp_path / "run"
    proc = subprocess.Popen([sieve_bin, "run", "p.yaml", "--out", str(out), "--workers", "1"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = None
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if (out / "run.json").exists():
            rc, st = status(sieve_bin, out)
            if any(s["running"] for s in st["stages"]):
                seen = st
                break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert seen, "status never showed the running task"
    assert sum(s["running"] for s in seen["stages"]) == 1, seen  # one worker
    rc, st = status(sieve_bin, out)
    assert rc == 1
    assert all(s["running"] == 0 for s in st["stages"]), "a killed task's leftovers are not a running task"
    assert sum(s["pending"] for s in st["stages"]) >= 1


def test_failed_task_with_log_tail(sieve_bin, tmp_path):
    make(tmp_path, 50)
    out = tmp_path / "run"
    (out / "01-urlfilter" / "data" / "00001.jsonl.zst").mkdir(parents=True)  # the output cannot be renamed into place
    p = subprocess.run([sieve_bin, "run", "p.yaml", "--out", str(out)], cwd=tmp_path, capture_output=True, text=True)
    assert p.returncode == 1
    rc, st = status(sieve_bin, out)
    assert rc == 1
    first = st["stages"][0]
    assert (first["done"], first["failed"], first["running"], first["pending"]) == (1, 1, 0, 0), first
    text = subprocess.run([sieve_bin, "status", str(out)], capture_output=True, text=True).stdout
    assert "urlfilter task 1: " in text
    assert "| start: stage urlfilter task 1 of 2" in text and "| FAILED: " in text, text
