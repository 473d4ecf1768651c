using System.Globalization;

namespace Lxcfs.Bench;

/// <summary>
/// lxcfs-bench fuse ... reads the same files through our mount, lxcfs's and the floors in one run and prints
/// latency and throughput tables with ratios (<see cref="Options"/>); lxcfs-bench floor DIR [READERS] serves
/// a constant file through our own FUSE layer (<see cref="FloorServer"/>).
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
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        var options = Options.Parse(args[1..]);
        Console.Out.Write(new FuseReadBenchmark(options).Run());
        return 0;
    }
}
