using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lxcfs.Daemon.Healing;
using Lxcfs.Daemon.Tests;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Containers.Tests;

/// <summary>
/// A daemon killed with <c>kill -9</c> under running containers, and a new one started: the containers
/// read valid content again without being restarted.
/// </summary>
public sealed partial class CrashHealingTests
{
    /// <summary>The figure the project reports is for 20 containers; starting them takes about a second each.</summary>
    public const int ContainerCount = 20;

    private static readonly TimeSpan s_healDeadline = TimeSpan.FromSeconds(2);

    [Fact]
    public void After_kill_9_every_container_reads_valid_content_again_within_2_s_without_restarting()
    {
        Podman.RequirePrerequisites();
        using var first = DaemonProcess.Start(extraArgs: ["--enable-cfs"]);
        using var bystander = Container.Start([], "while :; do sleep 1; done");
        using var fleet = ReaderFleet.Start(first.MountPoint, ContainerCount);
        fleet.WaitAll((_, s) => s.Ok, TimeSpan.FromSeconds(60)).Should().NotBeNull("every reader reads valid content while the daemon serves");
        var pids = fleet.Containers.Select(c => c.Pid).ToList();
        var bystanderMounts = File.ReadAllText($"/proc/{bystander.Pid}/mountinfo");
        var rssServing = RssKiB(first.Pid);

        first.KillHard();
        fleet.WaitAll((_, s) => !s.Ok, TimeSpan.FromSeconds(10)).Should().NotBeNull("every reader sees the dead mount");
        var failedAt = fleet.Statuses().Select(s => s!.Loop).ToList();

        using var second = StartAgain(first);
        var sinceServing = Stopwatch.StartNew();
        var healed = HealNow(second);
        var allRead = fleet.WaitAll((i, s) => s.Ok && s.Loop > failedAt[i], s_healDeadline + TimeSpan.FromSeconds(8));
        TimeSpan? timeToHeal = allRead is null ? null : sinceServing.Elapsed;

        Report($"time to heal {ContainerCount} containers, from the new daemon serving to every container reading valid content: {Ms(timeToHeal)} (healer pass {Ms(healed.Elapsed)}); " +
               $"daemon RSS with {ContainerCount} containers reading: {rssServing} KiB before the crash, {RssKiB(second.Pid)} KiB after healing");
        healed.Should().BeEquivalentTo(new { ContainersHealed = ContainerCount, MountsHealed = ContainerCount * Podman.LxcfsFiles.Length, MountsFailed = 0 });
        timeToHeal.Should().NotBeNull().And.BeLessThanOrEqualTo(s_healDeadline, "every container reads valid content again within 2 s");
        fleet.Containers.Select(c => c.Pid).Should().Equal(pids, "no container was restarted");
        File.ReadAllText($"/proc/{bystander.Pid}/mountinfo").Should().Be(bystanderMounts, "a container without lxcfs mounts is never touched");
        File.ReadAllLines($"/proc/{pids[0]}/mountinfo").Should().Contain(l => l.Contains(" /proc/meminfo /proc/meminfo ro,", StringComparison.Ordinal), "a read-only bind stays read-only");
    }

    [Fact]
    public void Healing_with_a_live_daemon_finds_nothing_to_do_and_touches_nothing()
    {
        Podman.RequirePrerequisites();
        using var daemon = DaemonProcess.Start(extraArgs: ["--enable-cfs"]);
        using var fleet = ReaderFleet.Start(daemon.MountPoint, 2);
        fleet.WaitAll((_, s) => s.Ok, TimeSpan.FromSeconds(30)).Should().NotBeNull();
        var before = fleet.Containers.Select(c => File.ReadAllText($"/proc/{c.Pid}/mountinfo")).ToList();

        var report = MountHealer.Heal(daemon.MountPoint, OwnConnections.AtMountPoint(MountTable.Read(), daemon.MountPoint));

        report.Should().BeEquivalentTo(new { ContainersHealed = 0, MountsHealed = 0, MountsFailed = 0 });
        report.NamespacesScanned.Should().BeGreaterThanOrEqualTo(2);
        fleet.Containers.Select(c => File.ReadAllText($"/proc/{c.Pid}/mountinfo")).Should().Equal(before);
    }

    [Fact]
    public void A_bind_of_the_whole_tree_is_healed_like_a_bind_of_one_file()
    {
        Podman.RequirePrerequisites();
        using var first = DaemonProcess.Start(extraArgs: ["--enable-cfs"]);
        using var container = Container.Start(["-v", $"{first.MountPoint}:/lxcfs:ro"], "while :; do sleep 1; done");
        Read(container, "/lxcfs/proc/meminfo").Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");

        first.KillHard();
        Read(container, "/lxcfs/proc/meminfo").Should().BeNull("the directory bind is dead");
        using var second = StartAgain(first);
        var healed = HealNow(second);

        healed.Should().BeEquivalentTo(new { ContainersHealed = 1, MountsHealed = 1, MountsFailed = 0 });
        Read(container, "/lxcfs/proc/meminfo").Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");
        Read(container, "/lxcfs/sys/devices/system/cpu/online").Should().MatchRegex(@"^\d+(-\d+)?\n$");
        File.ReadAllLines($"/proc/{container.Pid}/mountinfo").Should().ContainSingle(l => l.Contains(" / /lxcfs ro,", StringComparison.Ordinal));
    }

    [Fact]
    public void After_a_clean_stop_the_next_instance_heals_the_files_it_finds_in_the_record_beside_the_pidfile()
    {
        Podman.RequirePrerequisites();
        using var first = DaemonProcess.Start(extraArgs: ["--enable-cfs"]);
        using var container = Container.Start(["-v", $"{first.MountPoint}:/lxcfs:ro"], "while :; do sleep 1; done");
        Read(container, "/lxcfs/proc/meminfo").Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");

        first.Terminate().Should().Be(0);
        first.IsMounted().Should().BeFalse("a clean stop unmounts, so nothing dead is left at the mount point");
        Read(container, "/lxcfs/proc/meminfo").Should().BeNull("the container's bind is dead all the same");
        using var second = DaemonProcess.Start(mountPoint: first.MountPoint, extraArgs: ["--enable-cfs"], workDir: first.WorkDir);
        var healed = HealNow(second);

        healed.Should().BeEquivalentTo(new { ContainersHealed = 1, MountsHealed = 1, MountsFailed = 0 });
        Read(container, "/lxcfs/proc/meminfo").Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");
        OwnConnections.Load(OwnConnections.RecordPath(second.PidFile)).Should().HaveCount(2, "each instance added its own connection")
            .And.EndWith(OwnConnections.AtMountPoint(MountTable.Read(), second.MountPoint));
    }

    [Fact]
    public void Dead_files_of_another_lxcfs_instance_are_left_to_it_and_healed_when_it_comes_back()
    {
        Podman.RequirePrerequisites();
        using var other = DaemonProcess.Start(extraArgs: ["--enable-cfs"]);
        using var container = Container.Start(["-v", $"{other.MountPoint}:/lxcfs:ro"], "while :; do sleep 1; done");
        Read(container, "/lxcfs/proc/meminfo").Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");
        other.KillHard();
        var mountsBefore = File.ReadAllText($"/proc/{container.Pid}/mountinfo");

        using var daemon = DaemonProcess.Start();
        var passOfAnother = HealNow(daemon);

        passOfAnother.MountsHealed.Should().Be(0, "no container holds files of this daemon's mount point");
        passOfAnother.MountsOfOthers.Should().BeGreaterThanOrEqualTo(1, "the container's bind is counted and left alone");
        File.ReadAllText($"/proc/{container.Pid}/mountinfo").Should().Be(mountsBefore);
        Read(container, "/lxcfs/proc/meminfo").Should().BeNull();

        using var back = StartAgain(other);
        HealNow(back).Should().BeEquivalentTo(new { ContainersHealed = 1, MountsHealed = 1, MountsFailed = 0 });
        Read(container, "/lxcfs/proc/meminfo").Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");
    }

    [Fact]
    public void A_container_started_while_the_daemon_is_down_is_refused_by_podman_and_starts_once_it_is_back()
    {
        // podman (like runc's spec) stats each bind source, and a dead FUSE mount answers ENOTCONN, so
        // the container is never created; it cannot end up holding a dead mount. Kubernetes with
        // hostPath type File behaves alike: the kubelet's check fails and it retries until the daemon is back.
        Podman.RequirePrerequisites();
        using var first = DaemonProcess.Start(extraArgs: ["--enable-cfs"]);
        first.KillHard();

        var during = Podman.RunOnce(Podman.LxcfsVolumes(first.MountPoint), "head -n 1000 /proc/meminfo");

        during.ExitCode.Should().NotBe(0);
        during.Stderr.Should().ContainEquivalentOf("transport endpoint is not connected");

        using var second = StartAgain(first);
        var after = Podman.RunOnce(Podman.LxcfsVolumes(second.MountPoint), "head -n 1000 /proc/meminfo");

        after.ExitCode.Should().Be(0, after.Stderr);
        after.Stdout.Should().MatchRegex(@"(?m)^MemTotal: +\d+ kB$");
    }

    // A second daemon on the dead mount point; its work directory goes when it cannot start, too.
    private static DaemonProcess StartAgain(DaemonProcess first)
    {
        var workDir = Directory.CreateTempSubdirectory("lxcfs-test-").FullName;
        try
        {
            return DaemonProcess.Start(mountPoint: first.MountPoint, extraArgs: ["--enable-cfs"], workDir: workDir);
        }
        catch
        {
            Directory.Delete(workDir, recursive: true);
            throw;
        }
    }

    /// <summary>The daemon heals by itself right after it starts serving: wait for its summary line.</summary>
    private static HealReport HealNow(DaemonProcess daemon)
    {
        var clock = Stopwatch.StartNew();
        var logged = SummaryLine().Match(daemon.Stderr);
        while (!logged.Success && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(20);
            logged = SummaryLine().Match(daemon.Stderr);
        }

        logged.Success.Should().BeTrue($"the daemon logs a crash-healing summary after it starts: {daemon.Stderr}");

        int Group(string name) => int.Parse(logged.Groups[name].Value, CultureInfo.InvariantCulture);
        return new HealReport(Group("scanned"), Group("containers"), Group("mounts"), Group("failed"), Group("others"), TimeSpan.FromMilliseconds(Group("ms")));
    }

    // What the container sees at that path, read through its own root; null when the read fails.
    private static string? Read(Container container, string path)
    {
        try
        {
            return File.ReadAllText($"/proc/{container.Pid}/root{path}");
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long RssKiB(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan? span) => span is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalMilliseconds:F0} ms") : "timeout";

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    [GeneratedRegex(@"crash healing: (?<mounts>\d+) mounts re-bound in (?<containers>\d+) containers, (?<failed>\d+) failed, (?<scanned>\d+) mount namespaces scanned in (?<ms>\d+) ms; (?<others>\d+) mounts of other lxcfs instances left alone")]
    private static partial Regex SummaryLine();
}
