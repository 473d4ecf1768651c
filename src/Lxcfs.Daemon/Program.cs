using Lxcfs.Daemon.Cli;
using Lxcfs.Daemon.Hosting;
using Lxcfs.Daemon.Metrics;
using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon;

internal static class Program
{
    private static int Main(string[] args)
    {
        switch (CommandLine.Parse(args))
        {
            case CommandLineResult.ShowHelp:
                Console.Out.WriteLine(CommandLine.Usage);
                return 0;
            case CommandLineResult.ShowVersion:
                Console.Out.WriteLine(DaemonVersion.Text);
                return 0;
            case CommandLineResult.Invalid invalid:
                Console.Error.WriteLine($"lxcfs-daemon: {invalid.Error}");
                Console.Error.WriteLine(CommandLine.Usage);
                return 1;
            case CommandLineResult.Run run:
                return Run(run.Options);
            default:
                return 1;
        }
    }

    private static int Run(DaemonOptions options)
    {
        DaemonLog.DebugEnabled = options.Debug;
        HostCgroupNamespace.UseNamespaceOf(options.CgroupNamespacePid);

        // The main thread detects the cgroup layout, and mountinfo shows cgroup mount roots relative to
        // the reader's cgroup namespace: it joins too, like every reader thread.
        HostCgroupNamespace.JoinOnThisThread();
        // Before anything slow: a reload sent while starting must not kill the daemon either.
        using var reload = new ReloadSignal();
        try
        {
            using var views = ViewSources.Create(options.Views);
            var virtualization = new VirtualizationSwitch(views.Source, new HostViewSource());
            using var toggle = new VirtualizationSignal(virtualization);
            var metrics = options.MetricsAddress is null ? null : new DaemonMetrics(views.Source);
            return new DaemonHost(options, virtualization, metrics).Run();
        }
        catch (Exception e) when (e is FuseException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // One clear line for the operator (and the DaemonSet's log), no stack trace.
            Console.Error.WriteLine($"lxcfs-daemon: error: {e.Message}");
            return 1;
        }
    }
}
