using System.Diagnostics;
using System.Globalization;

namespace Lxcfs.Bench;

/// <summary>
/// The C helper (bench/native/forced-reads.c) run as this reader's child, so in its cgroups, pid namespace
/// and CPUs, and asked for samples round by round like any other series. It times each iteration itself,
/// so the pipe between us is outside every figure.
/// </summary>
internal sealed class ForcedReadsHelper : IDisposable
{
    private readonly Process _process;

    private ForcedReadsHelper(Process process) => _process = process;

    /// <param name="helper">the helper's executable</param>
    /// <param name="floor">the C floor's constant file, read first in every iteration</param>
    /// <param name="files">the pseudo-files read after it</param>
    public static ForcedReadsHelper Start(string helper, string floor, IEnumerable<ForcedFile> files)
    {
        var start = new ProcessStartInfo(helper) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(floor);
        foreach (var file in files)
        {
            if (file.ToZero)
            {
                start.ArgumentList.Add("-z");
            }

            start.ArgumentList.Add(file.Path);
        }

        var process = Process.Start(start) ?? throw new IOException($"{helper} did not start");
        process.StandardInput.AutoFlush = true;
        return new ForcedReadsHelper(process);
    }

    /// <summary>Microseconds of each of <paramref name="count"/> iterations: the floor's read and every forced read.</summary>
    public double[] Reads(int count) => Ask("reads", count);

    /// <summary>Microseconds of each of <paramref name="count"/> identifications of a caller seen once, as the daemon makes them.</summary>
    public double[] Identify(int count) => Ask("ident", count);

    /// <summary>Microseconds of each of <paramref name="count"/> checks of a caller seen before, as the daemon makes them on every read.</summary>
    public double[] Check(int count) => Ask("check", count);

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private double[] Ask(string command, int count)
    {
        _process.StandardInput.Write(string.Create(CultureInfo.InvariantCulture, $"{command} {count}\n"));
        var line = _process.StandardOutput.ReadLine() ?? throw new IOException($"the forced-reads helper ended (exit {(_process.WaitForExit(1000) ? _process.ExitCode : -1)}); see its message above");
        return [.. line.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
    }
}
