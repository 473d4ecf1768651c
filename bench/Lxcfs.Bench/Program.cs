using System.Globalization;

namespace Lxcfs.Bench;

/// <summary>
/// lxcfs-bench fuse --ours DIR --lxcfs DIR [--files a,b] [--iterations N] [--seconds S] [--threads 8]
/// Compares the same reads through two mounts in one run and prints a table with ratios.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "fuse")
        {
            Console.Error.WriteLine("usage: lxcfs-bench fuse --ours DIR --lxcfs DIR [--files proc/uptime,...] [--iterations N] [--seconds S] [--threads N]");
            return 2;
        }

        var options = Options.Parse(args[1..]);
        var report = new FuseReadBenchmark(options).Run();
        Console.Out.Write(report);
        return 0;
    }
}

internal sealed record Options(string Ours, string Lxcfs, IReadOnlyList<string> Files, int Iterations, double Seconds, int Threads)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new Options(
            Get("--ours", "/var/lib/lxcfs"),
            Get("--lxcfs", "/var/lib/lxcfs-reference"),
            Get("--files", "proc/uptime,proc/meminfo,proc/cpuinfo,proc/stat").Split(','),
            int.Parse(Get("--iterations", "3000"), CultureInfo.InvariantCulture),
            double.Parse(Get("--seconds", "3"), CultureInfo.InvariantCulture),
            int.Parse(Get("--threads", "8"), CultureInfo.InvariantCulture));
    }
}
