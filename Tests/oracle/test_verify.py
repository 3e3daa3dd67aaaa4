"""Reproducible rebuilds (issue 8): a run killed with SIGKILL at random points, again and again,
then resumed, ends byte-identical to an uninterrupted run with another worker count; `sieve verify`
rebuilds it from run.json and finds it identical; and it names a file changed after the run."""
import json
import random
import subprocess
import time

CONFIG = """name: verify
inputs: [in/*.jsonl]
tasks: 4
stages:
  - urlfilter: {domains: [x.example]}
  - quality:   {filters: [gopher_repetition]}
  - pii:       {kinds: [email]}
"""


def make_inputs(d):
    (d / "in").mkdir()
    rng = random.Random(7)
    words = "alpha beta gamma delta river stone light paper window garden table music".split()
    for f in range(4):
        with open(d / "in" / f"p{f}.jsonl", "w") as fh:
            for i in range(3000):
                host = "x.example" if i % 9 == 0 else f"s{i % 13}.org"
                text = " ".join(rng.choice(words) for _ in range(40)) + (f" mail me at u{i}@example.com" if i % 5 == 0 else "")
                fh.write(json.dumps({"id": f"p{f}-{i}", "text": text, "metadata": {"url": f"https://{host}/{i}"}}) + "\n")
    (d / "p.yaml").write_text(CONFIG)


def files(out):
    return json.loads((out / "manifest.json").read_text())["files"]


def test_kill_9_at_random_points_then_resume_and_verify(sieve_bin, tmp_path):
    make_inputs(tmp_path)
    ref = tmp_path / "ref"
    subprocess.run([sieve_bin, "run", "p.yaml", "--out", str(ref), "--workers", "1"], cwd=tmp_path,
                   check=True, capture_output=True)
    want = files(ref)

    victim = tmp_path / "victim"
    rng = random.Random(2026)
    kills = 0
    for attempt in range(6):
        proc = subprocess.Popen([sieve_bin, "run", "p.yaml", "--out", str(victim), "--workers", "2"], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.4))
        if proc.poll() is None:
            proc.kill()
            kills += 1
        proc.wait()
        if (victim / "manifest.json").exists():
            break
    assert kills >= 2, "the run finished before it could be killed twice: make the input larger"
    p = subprocess.run([sieve_bin, "run", "p.yaml", "--out", str(victim), "--workers", "2"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert files(victim) == want
    a = json.loads(subprocess.run([sieve_bin, "audit", "summary", str(victim), "--json"], capture_output=True, check=True).stdout)
    b = json.loads(subprocess.run([sieve_bin, "audit", "summary", str(ref), "--json"], capture_output=True, check=True).stdout)
    assert a == b

    v = subprocess.run([sieve_bin, "verify", str(victim)], capture_output=True, text=True)
    assert v.returncode == 0, v.stdout + v.stderr
    assert f"identical: {len(want)} files" in v.stdout
    assert not (victim / ".verify").exists(), "the scratch folder is removed when identical"

    # A kept-documents file changed after the run: verify names it (and only it).
    info = json.loads((victim / "run.json").read_text())
    folder = info["stages"][1]["folder"]
    changed = sorted(k for k in want if k.startswith(folder + "/data/"))[0]
    path = victim / changed
    path.write_bytes(path.read_bytes()[:-1] + bytes([path.read_bytes()[-1] ^ 1]))
    v = subprocess.run([sieve_bin, "verify", str(victim)], capture_output=True, text=True)
    assert v.returncode == 1
    named = [l.strip() for l in v.stdout.splitlines()[1:]]
    assert len(named) == 1 and named[0].startswith(changed + ": ") and "changed after the run" in named[0], v.stdout
