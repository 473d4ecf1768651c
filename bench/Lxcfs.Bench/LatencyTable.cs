using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// One reader's open + read-to-EOF + close latency per file: ours, lxcfs and the floors measured in the
/// same alternating rounds, with ratios that are the median over rounds of each round's ratio, and a
/// verdict against the goal of every file within <see cref="Goal"/> times the raw floor. Optional series in
/// the same rounds: "forced", the C floor's read plus the pseudo-file reads the file's view cannot avoid
/// (<see cref="ForcedReads"/>), which says whether the goal is within physical reach for that file; and
/// "ours+metrics", a second daemon serving metrics while they are scraped.
/// </summary>
internal static class LatencyTable
{
    public const double Goal = 1.2;
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder report, Options options, CallerCheck? check)
    {
        var layer = options.LayerFloor is not null;
        var forced = options.ForcedReads is not null;
        var metrics = options.Metrics is not null;
        var reader = forced ? ReaderCgroups.OfThisProcess() : null;
        var where = options.PinnedCpu is { } cpu ? $"reader and every server pinned to CPU {cpu}" : "nothing pinned";
        report.AppendLine(s_inv, $"latency, {where}: p50 µs of open+read-to-EOF+close, one reader, {options.Rounds} alternating rounds of {options.ReadsPerRound} reads per server; ratios: median over rounds");
        report.Append(s_inv, $"{"file",-30} {"ours",7} {"lxcfs",7} {"floor",7}");
        report.Append(layer ? $" {"layer",7}" : "").Append(forced ? $" {"forced",7}" : "").Append(metrics ? $" {"ours+metrics",12}" : "");
        report.Append(s_inv, $" {"ours/floor",10}").Append(forced ? $" {"ours/forced",11} {"forced/floor",12}" : "").Append(s_inv, $" {"ours/lxcfs",10}");
        report.Append(layer ? $" {"ours/layer",10} {"layer/floor",11}" : "").Append(metrics ? $" {"metrics/ours",12}" : "");
        report.AppendLine(s_inv, $"  goal {Goal:F1}x floor");
        var over = new List<string>();
        var pastLimit = new List<string>();
        var pastLayerLimit = new List<string>();
        foreach (var file in options.Files)
        {
            var forcedFiles = reader is null ? null : ForcedReads.Of(file, reader);
            using var helper = forcedFiles is null ? null : ForcedReadsHelper.Start(options.ForcedReads!, options.Floor, forcedFiles);
            List<Func<int, double[]>> series = [Reads(Path.Combine(options.Ours, file)), Reads(Path.Combine(options.Lxcfs, file)), Reads(options.Floor)];
            var layerIndex = AddIf(series, options.LayerFloor is { } layerFloor ? Reads(layerFloor) : null);
            var forcedIndex = AddIf(series, helper is null ? null : helper.Reads);
            var metricsIndex = AddIf(series, options.Metrics is { } metricsMount ? Reads(Path.Combine(metricsMount, file)) : null);

            var rounds = AlternatingRounds.Measure(series, options.Rounds, options.ReadsPerRound);
            // Verdicts judge the ratio as printed, so that a 1.20x never reads "over".
            var oursOverFloor = Math.Round(rounds.RatioOfRounds(0, 2), 2);
            if (oursOverFloor > Goal)
            {
                over.Add(string.Create(s_inv, $"{Path.GetFileName(file)} {oursOverFloor:F2}x"));
            }

            string P50(int? i) => i is { } k ? rounds.P50(k).ToString("F1", s_inv) : "-";
            string Ratio(int? i, int? j) => i is { } a && j is { } b ? rounds.RatioOfRounds(a, b).ToString("F2", s_inv) + "x" : "-";
            report.Append(s_inv, $"{file,-30} {P50(0),7} {P50(1),7} {P50(2),7}");
            report.Append(layer ? $" {P50(layerIndex),7}" : "").Append(forced ? $" {P50(forcedIndex),7}" : "").Append(metrics ? $" {P50(metricsIndex),12}" : "");
            report.Append(s_inv, $" {oursOverFloor,9:F2}x").Append(forced ? $" {Ratio(0, forcedIndex),11} {Ratio(forcedIndex, 2),12}" : "").Append(s_inv, $" {Ratio(0, 1),10}");
            report.Append(layer ? $" {Ratio(0, layerIndex),10} {Ratio(layerIndex, 2),11}" : "").Append(metrics ? $" {Ratio(metricsIndex, 0),12}" : "");
            report.Append(oursOverFloor <= Goal ? "  within" : "  over");

            // The floor plus what the kernel forces, over the floor: above the goal, no server can meet it here.
            if (forcedIndex is { } f && Math.Round(rounds.RatioOfRounds(f, 2), 2) is var forcedOverFloor && forcedOverFloor > Goal)
            {
                pastLimit.Add(string.Create(s_inv, $"{Path.GetFileName(file)} {forcedOverFloor:F2}x"));
                report.Append(s_inv, $"; goal past the limit: forced reads alone are {forcedOverFloor:F2}x");
            }
            else if (oursOverFloor > Goal && options.PinnedCpu is not null && forcedIndex is { } fi && layerIndex is { } li)
            {
                // What a server on our FUSE layer that did nothing but the forced reads and the check of a caller
                // seen before would cost: how much of the excess is ours to take out. Pinned only: unpinned, the
                // one-thread floor's placement dominates.
                var least = Math.Round((rounds.RatioOfRounds(fi, 2) * rounds.RatioOfRounds(li, 2)) + ((check?.RepeatP50 ?? 0) / rounds.P50(2)), 2);
                var what = check is null ? "forced reads" : "forced reads and the caller check";
                if (least > Goal)
                {
                    pastLayerLimit.Add(string.Create(s_inv, $"{Path.GetFileName(file)} {least:F2}x"));
                    report.Append(s_inv, $"; past the limit of our layer: {what} through it are {least:F2}x");
                }
                else
                {
                    report.Append(s_inv, $"; {what} through our layer: {least:F2}x, the rest ({oursOverFloor - least:F2}x) is the daemon's own work");
                }
            }

            report.AppendLine();
        }

        var within = options.Files.Count - over.Count;
        report.Append(s_inv, $"goal (every file within {Goal:F1}x the floor, median of rounds): {within} of {options.Files.Count} files within{(over.Count > 0 ? $"; over: {string.Join(", ", over)}" : "")}");
        report.Append(pastLimit.Count > 0 ? $"; past the limit, forced reads alone over {Goal:F1}x: {string.Join(", ", pastLimit)}" : "");
        report.AppendLine(pastLayerLimit.Count > 0 ? $"; past the limit of our layer, forced reads{(check is null ? "" : " and the caller check")} through it over {Goal:F1}x: {string.Join(", ", pastLayerLimit)}" : "");
    }

    private static Func<int, double[]> Reads(string path) => count => ReadLoop.Measure(path, count);

    // Adds the series when there is one; its index, or null.
    private static int? AddIf(List<Func<int, double[]>> series, Func<int, double[]>? sample)
    {
        if (sample is null)
        {
            return null;
        }

        series.Add(sample);
        return series.Count - 1;
    }
}
