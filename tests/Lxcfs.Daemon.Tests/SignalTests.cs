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

    private static void WaitForLog(DaemonProcess daemon, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!daemon.Stderr.Contains(text, StringComparison.Ordinal) && !daemon.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }
}
