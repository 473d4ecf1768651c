using System.Diagnostics;
using System.Text;
using Lxcfs.Interop;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

public sealed partial class LxcfsDifferentialTests
{
    /// <summary>
    /// Debian's lxcfs 5.0.3 (installed by hack/prereqs.d/10-host-tools.sh) on its own temporary mount point,
    /// started as <c>lxcfs &lt;mnt&gt; --enable-cfs -l -p &lt;pidfile&gt;</c>. Dispose stops it by pid,
    /// detaches the mount (<c>umount -l</c>) and removes the directory.
    /// </summary>
    public sealed class Lxcfs503 : IDisposable
    {
        public const string Binary = "/usr/bin/lxcfs";
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public Lxcfs503()
        {
            Prerequisite.RequireFile(Binary, "Debian's lxcfs 5.0.3, the differential oracle");
            WorkDir = Directory.CreateTempSubdirectory("lxcfs-test-oracle-").FullName;
            MountPoint = Path.Combine(WorkDir, "mnt");
            Directory.CreateDirectory(MountPoint);
            var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { MountPoint, "--enable-cfs", "-l", "-p", Path.Combine(WorkDir, "lxcfs.pid") })
            {
                info.ArgumentList.Add(arg);
            }

            _process = Process.Start(info)!;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitServing();
        }

        public string MountPoint { get; }

        public string WorkDir { get; }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Native.Kill(_process.Id, Native.SIGTERM);
                if (!_process.WaitForExit(10_000))
                {
                    Native.Kill(_process.Id, Native.SIGKILL);
                    _process.WaitForExit(10_000);
                }
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
                // a mount that could not be detached keeps its directory; the run's hygiene check reports it
            }
        }

        private bool IsMounted() => File.ReadAllLines("/proc/self/mountinfo").Any(l => l.Contains($" {MountPoint} ", StringComparison.Ordinal));

        private void WaitServing()
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"lxcfs exited with {_process.ExitCode}: {Output}");
                }

                if (IsMounted() && File.Exists(Path.Combine(MountPoint, "proc/uptime")))
                {
                    return;
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException($"lxcfs did not serve {MountPoint}: {Output}");
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
