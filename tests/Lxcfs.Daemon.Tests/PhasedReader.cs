using System.Diagnostics;
using System.Text.Json;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// A container (private pid and mount namespaces) that binds a daemon's files over its /proc and /sys
/// and reads them in a tight loop, tallying each read by the phase the test announces, the path and what
/// came back: ok, enoent, wrong (not that file's content) or "error" and the errno's name. It acknowledges
/// a phase once it has read every file in it.
/// </summary>
internal sealed class PhasedReader : IDisposable
{
    public static readonly string[] Paths = ["/proc/meminfo", "/proc/stat", "/proc/uptime", "/proc/swaps", "/proc/cpuinfo", "/sys/devices/system/cpu/online"];

    private const string Loop = """
        import errno, json, os, re, sys
        phase_file, stop, ack = sys.argv[1], sys.argv[2], sys.argv[3]
        checks = {
            "/proc/meminfo": lambda t: t.startswith("MemTotal:") and "\nSwapFree:" in t,
            "/proc/stat": lambda t: t.startswith("cpu  ") and "\nbtime " in t,
            "/proc/uptime": lambda t: re.fullmatch(r"\d+\.\d\d \d+\.\d\d\n", t) is not None,
            "/proc/swaps": lambda t: t.startswith("Filename"),
            "/proc/cpuinfo": lambda t: t.startswith("processor"),
            "/sys/devices/system/cpu/online": lambda t: re.fullmatch(r"\d[\d,-]*\n", t) is not None,
        }
        tally = {}
        acked = None
        while not os.path.exists(stop):
            phase = open(phase_file).read()
            for path, check in checks.items():
                try:
                    outcome = "ok" if check(open(path).read()) else "wrong"
                except OSError as e:
                    outcome = "enoent" if e.errno == errno.ENOENT else "error " + errno.errorcode.get(e.errno, str(e.errno))
                key = phase + " " + path + " " + outcome
                tally[key] = tally.get(key, 0) + 1
            if phase != acked:
                with open(ack + ".tmp", "w") as f:
                    f.write(phase)
                os.rename(ack + ".tmp", ack)
                acked = phase
        print(json.dumps(tally), flush=True)
        """;

    private readonly Process _process;
    private readonly string _phaseFile;
    private readonly string _stopFile;
    private readonly string _ackFile;
    private bool _disposed;

    private PhasedReader(Process process, string workDir)
    {
        _process = process;
        _phaseFile = Path.Combine(workDir, "phase");
        _stopFile = Path.Combine(workDir, "stop-reading");
        _ackFile = Path.Combine(workDir, "phase-read");
    }

    public static PhasedReader Start(string mountPoint, string workDir, string firstPhase)
    {
        Prerequisite.RequireExecutable("python3");
        Prerequisite.RequireExecutable("unshare");
        var script = Path.Combine(workDir, "reader.py");
        File.WriteAllText(script, Loop);
        File.WriteAllText(Path.Combine(workDir, "phase"), firstPhase);
        var binds = string.Join(" && ", Paths.Select(p => $"mount --bind '{mountPoint}{p}' '{p}'"));
        var process = Process.Start(new ProcessStartInfo("unshare", ["--pid", "--fork", "--mount", "--propagation", "private", "--mount-proc", "sh", "-c", $"{binds} && exec python3 '{script}' '{workDir}/phase' '{workDir}/stop-reading' '{workDir}/phase-read'"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        return new PhasedReader(process, workDir);
    }

    public void SetPhase(string phase) => File.WriteAllText(_phaseFile, phase);

    /// <summary>Announces <paramref name="phase"/> and returns once every file was read in it, and a little longer.</summary>
    public void ReadIn(string phase)
    {
        SetPhase(phase);
        SpinWait.SpinUntil(() => (File.Exists(_ackFile) && File.ReadAllText(_ackFile) == phase) || _process.HasExited, TimeSpan.FromSeconds(30))
            .Should().BeTrue($"the reader reads every file in phase {phase}");
        _process.HasExited.Should().BeFalse(_process.HasExited ? _process.StandardError.ReadToEnd() : string.Empty);
        Thread.Sleep(300);
    }

    public ReadTally Stop()
    {
        File.WriteAllText(_stopFile, "stop");
        _process.WaitForExit(30_000).Should().BeTrue();
        var output = _process.StandardOutput.ReadToEnd().Trim();
        var errors = _process.StandardError.ReadToEnd();
        output.Should().StartWith("{", errors);
        return new ReadTally(JsonSerializer.Deserialize<Dictionary<string, int>>(output)!);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Directory.Exists(Path.GetDirectoryName(_stopFile)))
        {
            File.WriteAllText(_stopFile, "stop");
        }

        if (!_process.WaitForExit(10_000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

/// <summary>Reads counted by "phase path outcome".</summary>
internal sealed class ReadTally(Dictionary<string, int> counts)
{
    public int this[string key] => counts.GetValueOrDefault(key);

    /// <summary>Keys of reads that got another file's content or failed, except ENOENT on <paramref name="allowedEnoent"/> (paths relative to the root).</summary>
    public IEnumerable<string> Failures(IEnumerable<string> allowedEnoent) =>
        counts.Keys.Where(k => k.EndsWith(" wrong", StringComparison.Ordinal) || k.Contains(" error ", StringComparison.Ordinal)
            || (k.EndsWith(" enoent", StringComparison.Ordinal) && !allowedEnoent.Any(f => k.Contains("/" + f + " ", StringComparison.Ordinal))));

    public override string ToString() => string.Join("\n", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));
}
