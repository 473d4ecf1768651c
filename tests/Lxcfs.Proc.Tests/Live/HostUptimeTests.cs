using System.Globalization;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Live;

/// <summary>The real host's uptime comes from CLOCK_BOOTTIME, which must be what /proc/uptime says.</summary>
public sealed class HostUptimeTests
{
    [Fact]
    public void OnTheRealHost_ItIsTheFirstNumberOfProcUptime_ReadBetweenTwoReadsOfTheFile()
    {
        static double FromFile() => double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);

        var before = FromFile();
        var clock = HostUptime.Seconds(HostRoots.Real);
        var after = FromFile();

        // The file shows hundredths, truncated.
        clock.Should().BeInRange(before, after + 0.01);
    }
}
