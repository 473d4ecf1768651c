using System.Globalization;
using System.Text.RegularExpressions;

namespace Lxcfs.Daemon.Tests;

public sealed partial class LxcfsDifferentialTests
{
    /// <summary>
    /// One file read three times by the same container process: lxcfs, ours, lxcfs again. Values that move
    /// with time are compared against the bracket the two lxcfs reads make (plus a tolerance), so a
    /// monotonic counter must match exactly and a fluctuating one within its tolerance.
    /// </summary>
    /// <param name="Before">the reader's clock (monotonic seconds) just before it read ours</param>
    /// <param name="After">the reader's clock just after</param>
    public sealed record Reading(string File, string Theirs, string Ours, string TheirsAgain, double Before, double After);

    /// <summary>A tolerance for the <paramref name="index"/>-th number of the line keyed <paramref name="key"/>.</summary>
    public delegate double Tolerance(string key, int index, double value);

    /// <summary>What a comparison found: mismatches fail the test; allowed differences are named by their doc row.</summary>
    public sealed class Report
    {
        public List<string> Mismatches { get; } = [];

        public SortedSet<string> Allowed { get; } = new(StringComparer.Ordinal);

        public void Fail(string file, string message) => Mismatches.Add($"{file}: {message}");

        /// <summary>Records a difference from lxcfs that docs/deliberate-differences.md lists as row <paramref name="row"/>.</summary>
        public void AllowIf(bool differs, int row, string file, string what)
        {
            if (differs)
            {
                Allowed.Add($"row {row,2} {file}: {what}");
            }
        }

        public void Check(bool holds, string file, string message)
        {
            if (!holds)
            {
                Fail(file, message);
            }
        }
    }

    internal static partial class TextComparison
    {
        /// <summary>Line by line: same skeleton (text with numbers masked), each of our numbers inside the lxcfs bracket ± tolerance.</summary>
        public static void Lines(Report report, string file, string[] theirs, string[] ours, string[] theirsAgain, Tolerance tolerance)
        {
            if (theirs.Length != ours.Length || theirsAgain.Length != ours.Length)
            {
                report.Fail(file, $"{ours.Length} lines here, {theirs.Length}/{theirsAgain.Length} from lxcfs:\n{string.Join('\n', ours)}\n--- lxcfs:\n{string.Join('\n', theirs)}");
                return;
            }

            for (var i = 0; i < ours.Length; i++)
            {
                Line(report, file, theirs[i], ours[i], theirsAgain[i], tolerance);
            }
        }

        public static void Line(Report report, string file, string theirs, string ours, string theirsAgain, Tolerance tolerance)
        {
            var (skeleton, values) = Split(ours);
            var (theirSkeleton, a) = Split(theirs);
            var (_, b) = Split(theirsAgain);
            if (skeleton != theirSkeleton || a.Length != values.Length || b.Length != values.Length)
            {
                report.Fail(file, $"line differs in its text:\n  here:  {ours}\n  lxcfs: {theirs}");
                return;
            }

            var key = Key(ours);
            for (var i = 0; i < values.Length; i++)
            {
                var slack = tolerance(key, i, values[i]);
                if (values[i] < Math.Min(a[i], b[i]) - slack || values[i] > Math.Max(a[i], b[i]) + slack)
                {
                    report.Fail(file, $"value {i} of '{key}' is {values[i]}, lxcfs {a[i]}..{b[i]} (tolerance {slack}):\n  here:  {ours}\n  lxcfs: {theirs}");
                }
            }
        }

        /// <summary>The line's name: the text before ':' (meminfo, cpuinfo) or its first word (stat, diskstats: the device).</summary>
        public static string Key(string line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                return line[..colon].Trim();
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length > 2 && words[0].All(char.IsAsciiDigit) ? words[2] : words.FirstOrDefault() ?? "";
        }

        /// <summary>Numbers are whole whitespace-separated tokens; the rest, with runs of spaces collapsed (padding follows widths), is the skeleton.</summary>
        public static (string Skeleton, double[] Values) Split(string line)
        {
            var values = new List<double>();
            var masked = NumberToken().Replace(line, m =>
            {
                values.Add(double.Parse(m.Value, CultureInfo.InvariantCulture));
                return "#";
            });
            return (Spaces().Replace(masked, " "), [.. values]);
        }

        public static string[] LinesOf(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The first number on the line keyed <paramref name="key"/> (meminfo kB, uptime seconds…).</summary>
        public static double Value(string text, string key, int index = 0) =>
            Split(LinesOf(text).First(l => Key(l) == key)).Values[index];

        [GeneratedRegex(@"(?<=^|\s)\d+(\.\d+)?(?=\s|$)")]
        private static partial Regex NumberToken();

        [GeneratedRegex(" +")]
        private static partial Regex Spaces();
    }
}
