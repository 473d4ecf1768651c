namespace Lxcfs.Daemon.Tests;

/// <summary>The signals LXCFS's packaging and tests send besides the stop signals, sent to a real daemon.</summary>
public sealed class SignalTests
{
    [Fact]
    public void Sigusr1_the_lxcfs_reload_is_logged_and_the_daemon_serves_on()
    {
        using var daemon = DaemonProcess.Start();

        Native.Kill(daemon.Pid, Native.SIGUSR1).Should().Be(0);
        WaitForLog(daemon, "received SIGUSR1");

        daemon.HasExited.Should().BeFalse("Debian's lxcfs packaging sends SIGUSR1 on every configure and reload");
        File.ReadAllText(Path.Combine(daemon.MountPoint, "proc/uptime")).Should().MatchRegex(@"^\d+\.\d\d \d+\.\d\d\n$");
        daemon.Stderr.Should().Contain("nothing to reload");
        daemon.Terminate().Should().Be(0);
    }

    [Fact]
    public void Sigusr2_switches_every_file_to_the_hosts_and_the_next_one_switches_the_views_back()
    {
        using var cgroup = TestCgroup.Create();
        cgroup.Set("memory", TestCgroup.Container, "memory.limit_in_bytes", (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        cgroup.SetCpus("0");
        using var daemon = DaemonProcess.Start();
        var hostMemTotal = File.ReadLines("/proc/meminfo").First() + "\n";
        var hostOnline = File.ReadAllText("/sys/devices/system/cpu/online");
        hostOnline.Should().NotBe("0\n", "the test needs a host with more than one CPU to tell the views apart");

        Read(cgroup, daemon).Should().MatchRegex(@"^MemTotal:\s+65536 kB\n0\n$", "a container limited to 64 MiB on CPU 0 sees its own limits");

        Native.Kill(daemon.Pid, Native.SIGUSR2).Should().Be(0);
        WaitForLog(daemon, "Switched into non-virtualization mode");
        Read(cgroup, daemon).Should().Be(hostMemTotal + hostOnline, "every file, /sys too, is the host's in non-virtualization mode");

        Native.Kill(daemon.Pid, Native.SIGUSR2).Should().Be(0);
        WaitForLog(daemon, "Switched into virtualization mode");
        Read(cgroup, daemon).Should().MatchRegex(@"^MemTotal:\s+65536 kB\n0\n$", "the second SIGUSR2 brings the per-container views back");

        daemon.Terminate().Should().Be(0, "SIGUSR2 is not the readers' wake-up signal, so the readers stop as usual");
    }

    // The first line of meminfo and the online CPUs, as a container in the test cgroup reads them from the mount.
    private static string Read(TestCgroup cgroup, DaemonProcess daemon)
    {
        var run = ContainerShell.Run(cgroup, $"head -n 1 {daemon.MountPoint}/proc/meminfo && cat {daemon.MountPoint}/sys/devices/system/cpu/online");
        run.ExitCode.Should().Be(0, run.Stderr);
        return run.Stdout;
    }

    private static void WaitForLog(DaemonProcess daemon, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!daemon.Stderr.Contains(text, StringComparison.Ordinal) && !daemon.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }
}
