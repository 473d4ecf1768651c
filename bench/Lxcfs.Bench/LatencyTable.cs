using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// One reader's open + read-to-EOF + close latency per file: ours, lxcfs and the floors measured in the
/// same alternating rounds, with ratios that are the median over rounds of each round's ratio, and a
/// verdict against the goal of every file within <see cref="Goal"/> times the raw floor.
/// </summary>
internal static class LatencyTable
{
    public const double Goal = 1.2;
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder report, Options options)
    {
        var layer = options.LayerFloor is not null;
        var where = options.PinnedCpu is { } cpu ? $"reader and every server pinned to CPU {cpu}" : "nothing pinned";
        report.AppendLine(s_inv, $"latency, {where}: p50 µs of open+read-to-EOF+close, one reader, {options.Rounds} alternating rounds of {options.ReadsPerRound} reads per server; ratios: median over rounds");
        report.Append(s_inv, $"{"file",-30} {"ours",7} {"lxcfs",7} {"floor",7}");
        report.Append(layer ? $" {"layer",7}" : "");
        report.Append(s_inv, $" {"ours/floor",10} {"ours/lxcfs",10}");
        report.Append(layer ? $" {"ours/layer",10} {"layer/floor",11}" : "");
        report.AppendLine(s_inv, $"  goal {Goal:F1}x floor");
        var over = new List<string>();
        foreach (var file in options.Files)
        {
            List<string> paths = [Path.Combine(options.Ours, file), Path.Combine(options.Lxcfs, file), options.Floor];
            if (options.LayerFloor is { } layerFloor)
            {
                paths.Add(layerFloor);
            }

            var rounds = AlternatingRounds.Measure(paths, options.Rounds, options.ReadsPerRound);
            var oursOverFloor = rounds.RatioOfRounds(0, 2);
            if (oursOverFloor > Goal)
            {
                over.Add(string.Create(s_inv, $"{Path.GetFileName(file)} {oursOverFloor:F2}x"));
            }

            report.Append(s_inv, $"{file,-30} {rounds.P50(0),7:F1} {rounds.P50(1),7:F1} {rounds.P50(2),7:F1}");
            report.Append(layer ? string.Create(s_inv, $" {rounds.P50(3),7:F1}") : "");
            report.Append(s_inv, $" {oursOverFloor,9:F2}x {rounds.RatioOfRounds(0, 1),9:F2}x");
            report.Append(layer ? string.Create(s_inv, $" {rounds.RatioOfRounds(0, 3),9:F2}x {rounds.RatioOfRounds(3, 2),10:F2}x") : "");
            report.AppendLine(oursOverFloor <= Goal ? "  within" : "  over");
        }

        var within = options.Files.Count - over.Count;
        report.AppendLine(s_inv, $"goal (every file within {Goal:F1}x the floor, median of rounds): {within} of {options.Files.Count} files within{(over.Count > 0 ? $"; over: {string.Join(", ", over)}" : "")}");
    }
}
