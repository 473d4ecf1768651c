using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Cli;

/// <summary>What the command line asks for.</summary>
public abstract record CommandLineResult
{
    public sealed record Run(DaemonOptions Options) : CommandLineResult;

    public sealed record ShowVersion : CommandLineResult;

    public sealed record ShowHelp : CommandLineResult;

    public sealed record Invalid(string Error) : CommandLineResult;
}

/// <summary>
/// Parses lxcfs's command line: <c>[-f|-d] [-l] [-u] [--enable-cfs] [--enable-pidfd] [-p pidfile]
/// [-o opts] [--runtime-dir dir] [-s] [-v] [-h] mountpoint</c>, so start scripts written for lxcfs work.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: lxcfs-daemon <mountpoint> [options]

        Serves per-container views of /proc and /sys over FUSE (an lxcfs-compatible daemon).

          -f, --foreground        stay in the foreground (always the case; accepted for lxcfs scripts)
          -d, --debug             log every FUSE request
          -l, --enable-loadavg    sample /proc/loadavg per container (otherwise the host's file)
          -u, --disable-swap      report no swap in meminfo and swaps
              --enable-cfs        count CPUs from the CFS quota as well as the cpuset
              --enable-pidfd      accepted for compatibility (pid reuse is always guarded)
          -p, --pidfile FILE      pidfile, locked while running (default /run/lxcfs.pid)
          -o OPTIONS              mount options: allow_other, default_permissions, max_read=N, nonempty
              --runtime-dir DIR   pidfile directory when -p is not given
              --handoff-socket P  upgrade hand-off socket (default: beside the pidfile; "none" disables)
              --after-handoff W   exit (default) or wait for a signal after handing over to a successor
              --no-heal           do not re-bind containers' files left on a dead mount
              --cgroupns-pid N    join the cgroup namespace of pid N when ours differs (default 1)
              --readers N         threads serving FUSE requests (default: one per CPU, 2 to 8)
          -s                      accepted for compatibility, ignored
          -v, --version           print the version and exit
          -h, --help              print this help and exit
        """;

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? mountPoint = null, pidFile = null, runtimeDir = null, mountOptions = null, handoff = null;
        bool cfs = false, loadavg = false, noSwap = false, debug = false, heal = true;
        var after = AfterHandoff.Exit;
        var cgroupnsPid = 1;
        var readers = FuseSession.DefaultReaders;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "-h" or "--help":
                    return new CommandLineResult.ShowHelp();
                case "-v" or "--version":
                    return new CommandLineResult.ShowVersion();
                case "-f" or "--foreground" or "-s" or "--enable-pidfd":
                    break;
                case "-d" or "--debug":
                    debug = true;
                    break;
                case "-l" or "--enable-loadavg":
                    loadavg = true;
                    break;
                case "-u" or "--disable-swap":
                    noSwap = true;
                    break;
                case "--enable-cfs":
                    cfs = true;
                    break;
                case "--no-heal":
                    heal = false;
                    break;
                case "--cgroupns-pid":
                    if (!int.TryParse(Value(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cgroupnsPid) || cgroupnsPid <= 0)
                    {
                        return new CommandLineResult.Invalid("--cgroupns-pid needs a process id");
                    }

                    break;
                case "--readers":
                    if (!int.TryParse(Value(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out readers) || readers is < 1 or > 64)
                    {
                        return new CommandLineResult.Invalid("--readers needs a number from 1 to 64");
                    }

                    break;
                case "--handoff-socket":
                    handoff = Value();
                    if (string.IsNullOrEmpty(handoff))
                    {
                        return new CommandLineResult.Invalid("--handoff-socket needs a path (or none)");
                    }

                    break;
                case "--after-handoff":
                    switch (Value())
                    {
                        case "exit":
                            after = AfterHandoff.Exit;
                            break;
                        case "wait":
                            after = AfterHandoff.Wait;
                            break;
                        default:
                            return new CommandLineResult.Invalid("--after-handoff takes exit or wait");
                    }

                    break;
                case "-p" or "--pidfile":
                    pidFile = Value() ?? string.Empty;
                    if (pidFile.Length == 0)
                    {
                        return new CommandLineResult.Invalid($"{arg} needs a file name");
                    }

                    break;
                case "--runtime-dir":
                    runtimeDir = Value();
                    if (string.IsNullOrEmpty(runtimeDir))
                    {
                        return new CommandLineResult.Invalid("--runtime-dir needs a directory");
                    }

                    break;
                case "-o":
                    if (mountOptions is not null)
                    {
                        return new CommandLineResult.Invalid("-o may be given only once");
                    }

                    mountOptions = Value();
                    if (string.IsNullOrEmpty(mountOptions))
                    {
                        return new CommandLineResult.Invalid("-o needs a comma-separated option list");
                    }

                    break;
                default:
                    if (arg.StartsWith("--pidfile=", StringComparison.Ordinal))
                    {
                        pidFile = arg["--pidfile=".Length..];
                    }
                    else if (arg.StartsWith("--runtime-dir=", StringComparison.Ordinal))
                    {
                        runtimeDir = arg["--runtime-dir=".Length..];
                    }
                    else if (arg.StartsWith('-'))
                    {
                        return new CommandLineResult.Invalid($"unknown option {arg}");
                    }
                    else if (mountPoint is not null)
                    {
                        return new CommandLineResult.Invalid($"more than one mount point: {mountPoint} and {arg}");
                    }
                    else
                    {
                        mountPoint = arg;
                    }

                    break;
            }
        }

        if (mountPoint is null)
        {
            return new CommandLineResult.Invalid("missing mount point");
        }

        var (mount, ignored, error) = MountOptionParser.Parse(mountOptions);
        if (error is not null)
        {
            return new CommandLineResult.Invalid(error);
        }

        pidFile ??= Path.Combine(runtimeDir ?? "/run", "lxcfs.pid");
        return new CommandLineResult.Run(new DaemonOptions
        {
            MountPoint = Path.GetFullPath(mountPoint),
            Views = new ViewOptions(EnableCfs: cfs, EnableLoadavg: loadavg, DisableSwap: noSwap),
            PidFile = pidFile,
            HandoffSocket = handoff switch
            {
                "none" => null,
                null => Path.ChangeExtension(Path.GetFullPath(pidFile), ".handoff.sock"),
                _ => Path.GetFullPath(handoff),
            },
            AfterHandoff = after,
            CgroupNamespacePid = cgroupnsPid,
            Readers = readers,
            Heal = heal,
            Mount = mount,
            Debug = debug,
            IgnoredMountOptions = ignored,
        });
    }
}
