namespace Lxcfs.Node.Tests;

/// <summary>
/// The program of a pod that reads its view in a tight loop while the node's daemon is replaced: every
/// read either fails or must be the container's own view (300Mi, one CPU, its own uptime); counts and
/// the times of the first and last failure go to /tmp/report.json every 0.2 s.
/// </summary>
internal static class ReaderScript
{
    public const string Source = """
        import json, os, re, time
        CHECKS = {
            "/proc/meminfo": lambda d: re.search(rb"^MemTotal:\s+307200 kB$", d, re.M) is not None,
            "/proc/cpuinfo": lambda d: d.count(b"processor\t:") == 1,
            "/proc/stat": lambda d: len(re.findall(rb"^cpu\d+ ", d, re.M)) == 1,
            "/proc/uptime": lambda d: float(d.split()[0]) < 3600,
            "/sys/devices/system/cpu/online": lambda d: re.fullmatch(rb"\d+\n", d) is not None,
        }
        report = {"reads": 0, "failed": 0, "wrong": 0, "first_failure": None, "last_failure": None,
                  "errors": {}, "wrong_samples": []}
        written = 0.0
        while True:
            for path, valid in CHECKS.items():
                report["reads"] += 1
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError as e:
                    now = time.time()
                    report["failed"] += 1
                    report["first_failure"] = report["first_failure"] or now
                    report["last_failure"] = now
                    key = f"{path}: {e.strerror}"
                    report["errors"][key] = report["errors"].get(key, 0) + 1
                    continue
                try:
                    ok = valid(data)
                except Exception:
                    ok = False
                if not ok:
                    report["wrong"] += 1
                    if len(report["wrong_samples"]) < 5:
                        report["wrong_samples"].append(f"{path}: {data[:200]!r}")
            now = time.time()
            if now - written > 0.2:
                with open("/tmp/report.tmp", "w") as f:
                    json.dump(report, f)
                os.replace("/tmp/report.tmp", "/tmp/report.json")
                written = now
            time.sleep(0.002)
        """;
}
