using System.Diagnostics;
using System.Text;
using Lxcfs.Interop;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// A real daemon process serving a temporary mount point. Dispose stops it (by pid), detaches any
/// mount left behind and removes the temporary directory.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private DaemonProcess(Process process, string mountPoint, string pidFile, string workDir)
    {
        _process = process;
        MountPoint = mountPoint;
        PidFile = pidFile;
        WorkDir = workDir;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string MountPoint { get; }

    public string PidFile { get; }

    public string WorkDir { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static void RequirePrerequisites()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireFile("/dev/fuse", "the FUSE device");
    }

    /// <summary>Starts a daemon on a fresh temporary mount point (or <paramref name="mountPoint"/>) and waits until it serves.</summary>
    /// <param name="mountPoint">where to mount; a fresh temporary directory when null</param>
    /// <param name="extraArgs">more daemon arguments</param>
    /// <param name="waitMounted">wait until it serves</param>
    /// <param name="workDir">where the pidfile goes (and the temporary mount point)</param>
    /// <param name="shellPrefix">a shell command line that ends by exec'ing its arguments ("$@"), to start the daemon in another cgroup or namespace</param>
    /// <param name="binary">another build of the daemon (<see cref="PreviousRelease"/>); this one when null</param>
    public static DaemonProcess Start(string? mountPoint = null, IEnumerable<string>? extraArgs = null, bool waitMounted = true, string? workDir = null, string? shellPrefix = null, string? binary = null)
    {
        RequirePrerequisites();
        workDir ??= Directory.CreateTempSubdirectory("lxcfs-test-").FullName;
        mountPoint ??= Path.Combine(workDir, "mnt");
        var pidFile = Path.Combine(workDir, "lxcfs.pid");
        var info = DaemonCommand([mountPoint, "-p", pidFile, .. extraArgs ?? []], binary);
        if (shellPrefix is not null)
        {
            var wrapped = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in (string[])["-c", shellPrefix, "sh", info.FileName, .. info.ArgumentList])
            {
                wrapped.ArgumentList.Add(arg);
            }

            info = wrapped;
        }

        var daemon = new DaemonProcess(Process.Start(info)!, mountPoint, pidFile, workDir);
        if (waitMounted)
        {
            daemon.WaitServing(TimeSpan.FromSeconds(30));
        }

        return daemon;
    }

    /// <summary>
    /// The daemon of the last commit that speaks only hand-off format 1, which <c>hack/previous-daemon.sh</c>
    /// builds and <c>make test</c> names in LXCFS_PREVIOUS_DAEMON_BIN.
    /// </summary>
    public static string PreviousRelease
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("LXCFS_PREVIOUS_DAEMON_BIN");
            Prerequisite.RequireFile(string.IsNullOrEmpty(path) ? "(LXCFS_PREVIOUS_DAEMON_BIN unset: run hack/previous-daemon.sh)" : path, "the format-1 daemon that hack/previous-daemon.sh builds");
            return path!;
        }
    }

    /// <summary>How to run the daemon: the Native AOT binary when CI published one, else the build output.</summary>
    public static ProcessStartInfo DaemonCommand(IEnumerable<string> args, string? binary = null)
    {
        var aot = binary ?? Environment.GetEnvironmentVariable("LXCFS_DAEMON_BIN");
        ProcessStartInfo info;
        if (!string.IsNullOrEmpty(aot))
        {
            Prerequisite.RequireFile(aot, "the published daemon named by LXCFS_DAEMON_BIN");
            info = new ProcessStartInfo(aot);
        }
        else
        {
            info = new ProcessStartInfo("dotnet");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lxcfs-daemon.dll"));
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        return info;
    }

    public void WaitServing(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with {_process.ExitCode}: {Stderr}");
            }

            if (Stderr.Contains("info: serving ", StringComparison.Ordinal) && IsMounted() && CanRead(Path.Combine(MountPoint, "proc/uptime")))
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"the daemon did not serve {MountPoint} within {timeout}: {Stderr}");
    }

    // A read, not a stat: the kernel may still answer stat from its cache for a dead predecessor's mount.
    private static bool CanRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path).Length > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public bool IsMounted() => File.ReadAllText("/proc/self/mountinfo").Split('\n').Any(l => l.Contains($" {MountPoint} ", StringComparison.Ordinal) && l.Contains(" - fuse.lxcfs ", StringComparison.Ordinal));

    public int Terminate(TimeSpan? timeout = null)
    {
        Native.Kill(Pid, Native.SIGTERM);
        return WaitExit(timeout ?? TimeSpan.FromSeconds(20));
    }

    public void KillHard()
    {
        Native.Kill(Pid, Native.SIGKILL);
        WaitExit(TimeSpan.FromSeconds(20));
    }

    public int WaitExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"daemon {Pid} did not exit: {Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Native.Kill(Pid, Native.SIGKILL);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        for (var i = 0; i < 8 && (IsMounted() || Libc.StatErrno(MountPoint) == Errno.ENOTCONN); i++)
        {
            ProcessRunner.Run("umount", ["-l", MountPoint]);
        }

        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // a mount that could not be detached keeps its directory; the hygiene check reports it
        }
    }
}
