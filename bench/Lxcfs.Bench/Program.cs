using System.Globalization;

namespace Lxcfs.Bench;

/// <summary>
/// lxcfs-bench fuse --ours DIR --lxcfs DIR [--floor FILE] [--files a,b] [--iterations N] [--seconds S] [--threads 8]
/// compares the same reads through two mounts in one run and prints a table with ratios;
/// lxcfs-bench floor DIR [READERS] serves the constant file that measures the kernel's share (<see cref="FloorServer"/>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["floor", var mountPoint, .. var rest] && rest.Length <= 1)
        {
            return FloorServer.Run(mountPoint, rest is [var readers] ? int.Parse(readers, CultureInfo.InvariantCulture) : null);
        }

        if (args.Length == 0 || args[0] != "fuse")
        {
            Console.Error.WriteLine("usage: lxcfs-bench fuse --ours DIR --lxcfs DIR [--floor FILE] [--files proc/uptime,...] [--iterations N] [--seconds S] [--threads N]\n       lxcfs-bench floor DIR [READERS]");
            return 2;
        }

        var options = Options.Parse(args[1..]);
        var report = new FuseReadBenchmark(options).Run();
        Console.Out.Write(report);
        return 0;
    }
}

internal sealed record Options(string Ours, string Lxcfs, string? Floor, IReadOnlyList<string> Files, int Iterations, double Seconds, int Threads)
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
            Get("--floor", "") is { Length: > 0 } floor ? floor : null,
            Get("--files", "proc/uptime,proc/meminfo,proc/cpuinfo,proc/stat").Split(','),
            int.Parse(Get("--iterations", "3000"), CultureInfo.InvariantCulture),
            double.Parse(Get("--seconds", "3"), CultureInfo.InvariantCulture),
            int.Parse(Get("--threads", "8"), CultureInfo.InvariantCulture));
    }
}
