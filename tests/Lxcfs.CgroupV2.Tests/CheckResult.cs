using System.Globalization;

namespace Lxcfs.CgroupV2.Tests;

/// <summary>
/// One line of the suite's results.tsv: what a check expected (computed from the cgroup files inside
/// the VM) and what our daemon and lxcfs showed.
/// </summary>
public sealed record CheckResult(string Scenario, string File, string Check, string Expected, string Ours, string Lxcfs)
{
    public bool OursMatches => Matches(Expected, Ours);

    public bool LxcfsMatches => Matches(Expected, Lxcfs);

    public override string ToString() =>
        $"{Scenario} {File} '{Check}': expected {Expected}, ours {Ours}, lxcfs {Lxcfs}";

    public static CheckResult Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != 6)
        {
            throw new FormatException($"a result line has 6 tab-separated fields: '{line}'");
        }

        return new CheckResult(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    /// <summary>
    /// An expectation is an exact string, an inclusive numeric range "lo..hi" for values that move
    /// while they are read (memory, CPU time, uptime), or alternatives "a|b" where either is right.
    /// </summary>
    public static bool Matches(string expected, string actual) =>
        expected.Split('|').Any(alternative => MatchesOne(alternative, actual));

    private static bool MatchesOne(string expected, string actual)
    {
        var dots = expected.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            return expected == actual;
        }

        return TryNumber(expected[..dots], out var lo) && TryNumber(expected[(dots + 2)..], out var hi)
            && TryNumber(actual, out var value) && value >= lo && value <= hi;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
