using System.Diagnostics;
using System.Text;
using Lxcfs.Chart.Tests;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// One run of <c>hack/lxcfs-suite.sh</c> (LXCFS's upstream tests against the daemon), shared by the
/// tests that read its verdicts. It runs on first use, after the asking test checked its prerequisites,
/// and reads what the script prints per upstream test: <c>RESULT &lt;name&gt; PASS|FAIL|N/A &lt;reason&gt;</c>.
/// </summary>
public sealed class UpstreamSuiteRun
{
    /// <summary>Each upstream test takes seconds; the script bounds every step itself (3 minutes each).</summary>
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(20);

    private readonly Lazy<Outcome> _outcome = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The script's exit code and output, and its verdicts by test name.</summary>
    public Outcome Result => _outcome.Value;

    /// <summary>Fails (never skips) when the machine cannot run the suite.</summary>
    public static void RequirePrerequisites()
    {
        DaemonProcess.RequirePrerequisites();
        Prerequisite.RequireFile("/sys/fs/cgroup/memory/cgroup.procs", "a cgroup v1 (or hybrid) memory hierarchy, whose paths LXCFS's tests use");
        var binary = Environment.GetEnvironmentVariable("LXCFS_DAEMON_BIN");
        Prerequisite.Require(!string.IsNullOrEmpty(binary), "LXCFS_DAEMON_BIN, the published daemon the suite starts as its lxcfs (hack/publish-daemon.sh; make test sets it)");
        Prerequisite.RequireFile(binary!, "the published daemon named by LXCFS_DAEMON_BIN");
    }

    private static Outcome Run()
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        info.ArgumentList.Add(RepoPaths.Hack("lxcfs-suite.sh"));
        info.Environment["LXCFS_SUITE_DAEMON"] = Environment.GetEnvironmentVariable("LXCFS_DAEMON_BIN");
        // Fetch and install nothing while testing: hack/prereqs.d/70-lxcfs-suite.sh did, or the run says what is missing.
        info.Environment["LXCFS_SUITE_FETCH"] = "no";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_deadline))
        {
            // SIGTERM first: the script's trap then stops its daemons, unmounts and removes its cgroups.
            Native.Kill(process.Id, Native.SIGTERM);
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            throw new TimeoutException($"hack/lxcfs-suite.sh did not finish within {s_deadline}:\n{stdout.Result}\n{stderr.Result}");
        }

        return Outcome.Parse(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>What one run of the script said.</summary>
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr, IReadOnlyDictionary<string, Verdict> Verdicts, string? Missing)
    {
        public static Outcome Parse(int exitCode, string stdout, string stderr)
        {
            var verdicts = new Dictionary<string, Verdict>(StringComparer.Ordinal);
            string? missing = null;
            foreach (var line in stdout.Split('\n'))
            {
                if (line.StartsWith("MISSING ", StringComparison.Ordinal))
                {
                    missing = line["MISSING ".Length..];
                }

                if (!line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line.Split(' ', 4);
                verdicts[fields[1]] = new Verdict(fields[2], fields.Length > 3 ? fields[3].Trim() : string.Empty);
            }

            return new Outcome(exitCode, stdout, stderr, verdicts, missing);
        }

        /// <summary>The script's whole output, for a failure message.</summary>
        public string Transcript()
        {
            var text = new StringBuilder();
            text.Append("exit ").Append(ExitCode).Append('\n').Append(Stdout);
            // The end of stderr: the step a run that stopped early was at.
            var tail = Stderr.Split('\n').TakeLast(15);
            text.Append("stderr (end):\n").AppendJoin('\n', tail);
            return text.ToString();
        }
    }

    /// <param name="Status">PASS, FAIL or N/A</param>
    /// <param name="Reason">why (the command a failed test stopped at; why a test does not apply)</param>
    public sealed record Verdict(string Status, string Reason);
}
