using System.Globalization;
using System.Text;

namespace Lxcfs.Bench;

/// <summary>
/// Whole files per second with several concurrent readers, per file: ours, lxcfs and the raw floor (and a
/// second daemon serving metrics, when given) one after the other in <see cref="Slices"/> alternating
/// slices of the time each gets (the order rotating per slice, so that the machine's drift lands on all of
/// them alike), and ours as a fraction of each. The floor is one
/// server thread, so a server with several reader threads can pass it: a fraction above 1 is possible and
/// means the work overlaps across CPUs.
/// </summary>
internal static class ThroughputTable
{
    private const int Slices = 4;
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder report, Options options)
    {
        var slice = TimeSpan.FromSeconds(options.Seconds / Slices);
        var metrics = options.Metrics is not null;
        report.AppendLine(s_inv, $"throughput: whole files/s with {options.Threads} concurrent readers, {options.Seconds:0.##} s per server in {Slices} alternating slices");
        report.Append(s_inv, $"{"file",-30} {"ours/s",8} {"lxcfs/s",8} {"floor/s",8}").Append(metrics ? $" {"metrics/s",9}" : "");
        report.AppendLine(s_inv, $" {"ours/floor",10} {"ours/lxcfs",10}{(metrics ? $" {"metrics/ours",12}" : "")}");
        var index = 0;
        foreach (var file in options.Files)
        {
            List<string> paths = [Path.Combine(options.Ours, file), Path.Combine(options.Lxcfs, file), options.Floor];
            if (options.Metrics is { } metricsMount)
            {
                paths.Add(Path.Combine(metricsMount, file));
            }

            // Slices of equal length: the mean of their rates is the rate over the whole time.
            var rates = new double[paths.Count];
            for (var s = 0; s < Slices; s++, index++)
            {
                for (var k = 0; k < paths.Count; k++)
                {
                    var i = (index + k) % paths.Count;
                    rates[i] += ReadLoop.Throughput(paths[i], options.Threads, slice) / Slices;
                }
            }

            report.Append(s_inv, $"{file,-30} {rates[0],8:F0} {rates[1],8:F0} {rates[2],8:F0}").Append(metrics ? string.Create(s_inv, $" {rates[3],9:F0}") : "");
            report.AppendLine(s_inv, $" {rates[0] / rates[2],9:F2}x {rates[0] / rates[1],9:F2}x{(metrics ? string.Create(s_inv, $" {rates[3] / rates[0],11:F2}x") : "")}");
        }

        if (options.LayerFloor is { } layerFloor)
        {
            double layer = 0, floor = 0;
            for (var s = 0; s < Slices; s++)
            {
                layer += ReadLoop.Throughput(layerFloor, options.Threads, slice) / Slices;
                floor += ReadLoop.Throughput(options.Floor, options.Threads, slice) / Slices;
            }

            report.AppendLine(s_inv, $"{"(constant file, our FUSE layer)",-30} {layer,8:F0} {"",8} {floor,8:F0}{(metrics ? $" {"",9}" : "")} {layer / floor,9:F2}x");
        }
    }
}
