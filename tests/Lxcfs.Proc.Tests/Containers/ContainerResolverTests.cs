using System.Diagnostics;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Containers;
using Lxcfs.Proc.Tests.Fixtures;

namespace Lxcfs.Proc.Tests.Containers;

public sealed class ContainerResolverTests : IDisposable
{
    private const ulong ContainerNs = 4026532001;
    private const ulong OtherNs = 4026532002;
    private const ulong PinnedNs = 4026532003;
    private static readonly CgroupMount s_memory = new("/sys/fs/cgroup/memory", "/", false);
    private readonly FakeHost _host = FakeHost.V1();

    public ContainerResolverTests()
    {
        // host: 1 (init) → 400 (runtime shim) → 500 (container init, pid 1 inside) → 501 (pid 2 inside)
        // 600 was exec'd into the container from the host (its parent 400 is outside).
        _host.Process(1, 0, FakeHost.HostPidNamespace, [1], 1, "0::/\n")
            .Process(400, 1, FakeHost.HostPidNamespace, [400], 100, "4:memory:/shim\n")
            .Process(500, 400, ContainerNs, [500, 1], 5000, "4:memory:/ct\n")
            .Process(501, 500, ContainerNs, [501, 2], 5100, "4:memory:/ct\n")
            .Process(600, 400, ContainerNs, [600, 3], 5200, "4:memory:/ct\n");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Resolve_ChildOfTheInit_FindsTheInitThroughTheParentChain_WithTheInitsCgroups()
    {
        var resolver = Unpinned();

        Describe(resolver.Resolve(501)).Should().Be((new InitProcess(500, 5000, ContainerNs, 2, false), "/ct"));
        resolver.ScanCount.Should().Be(0);
    }

    [Fact]
    public void Resolve_ProcessExecdIntoTheContainer_FindsTheInitByScanningNSpid_ThenFromTheCache()
    {
        var resolver = Unpinned();

        Describe(resolver.Resolve(600)).Should().Be((new InitProcess(500, 5000, ContainerNs, 2, false), "/ct"));
        Describe(resolver.Resolve(600)).Should().Be((new InitProcess(500, 5000, ContainerNs, 2, false), "/ct"));

        (resolver.ScanCount, resolver.CachedCount).Should().Be((1, 1), "the second lookup is served from the one entry of that namespace");
    }

    [Fact]
    public void Resolve_AfterTheInitPidIsReused_NeverServesTheStaleEntry()
    {
        var resolver = Unpinned();
        resolver.Resolve(600).Should().NotBeNull();

        // The container dies; pid 500 is reused by an unrelated process in another container, with a new start time.
        _host.Process(500, 400, OtherNs, [500, 1], 9000, "4:memory:/other\n");

        resolver.Resolve(600).Should().BeNull("the cached init no longer matches and no pid 1 of that namespace exists");
        Describe(resolver.Resolve(500)).Should().Be((new InitProcess(500, 9000, OtherNs, 2, false), "/other"));
    }

    [Fact]
    public void Resolve_WithoutPidfds_ReReadsTheInitsCgroupsOnEveryUse()
    {
        var resolver = Unpinned();
        resolver.Resolve(501).Should().NotBeNull();

        _host.Write("proc/500/cgroup", "4:memory:/moved\n");

        Describe(resolver.Resolve(501)).Should().Be((new InitProcess(500, 5000, ContainerNs, 2, false), "/moved"));
        resolver.ScanCount.Should().Be(0);
    }

    [Fact]
    public void Resolve_CallerInTheDaemonsNamespace_IsItsOwnContainer_WithoutAStartTime_AndNotCachedWithoutAPidfd()
    {
        var resolver = Unpinned();

        // Its start time is never used: such a caller sees the host's uptime.
        Describe(resolver.Resolve(400)).Should().Be((new InitProcess(400, 0, FakeHost.HostPidNamespace, 1, true), "/shim"));
        resolver.Resolve(400).Should().NotBeSameAs(resolver.Resolve(400));
        resolver.CachedCount.Should().Be(0);
    }

    [Fact]
    public void A_pinned_caller_in_the_daemons_namespace_is_kept_until_it_exits_and_its_paths_are_re_read_when_expired()
    {
        using var caller = Process.Start("sleep", "60")!;
        _host.Process(caller.Id, 1, FakeHost.HostPidNamespace, [caller.Id], 9000, "4:memory:/system.slice/a\n");
        var resolver = new ContainerResolver(_host.Roots);
        var first = resolver.Resolve(caller.Id)!;
        Describe(first).Should().Be((new InitProcess(caller.Id, 0, FakeHost.HostPidNamespace, 1, true), "/system.slice/a"));

        _host.Write($"proc/{caller.Id}/cgroup", "4:memory:/system.slice/b\n");
        resolver.Resolve(caller.Id).Should().BeSameAs(first, "its paths are re-read at most every second");
        resolver.ExpirePaths(first).Should().BeTrue();
        Describe(resolver.Resolve(caller.Id)).Should().Be((new InitProcess(caller.Id, 0, FakeHost.HostPidNamespace, 1, true), "/system.slice/b"));

        // The pidfd knows it exited: whatever has its pid now is read afresh.
        caller.Kill();
        caller.WaitForExit();
        _host.Write($"proc/{caller.Id}/cgroup", "4:memory:/recycled\n");
        Describe(resolver.Resolve(caller.Id)).Should().Be((new InitProcess(caller.Id, 0, FakeHost.HostPidNamespace, 1, true), "/recycled"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(777)]
    public void Resolve_UnknownOrVanishedCaller_IsNull(int pid) =>
        Unpinned().Resolve(pid).Should().BeNull();

    [Fact]
    public void A_pinned_init_keeps_its_entry_until_it_exits_and_expired_paths_are_re_read_without_searching_again()
    {
        // A real process stands for the init, so a real pidfd pins it; the fake procfs describes it.
        using var init = Process.Start("sleep", "60")!;
        _host.Process(init.Id, 400, PinnedNs, [init.Id, 1], 7000, "4:memory:/pinned\n")
            .Process(700, 400, PinnedNs, [700, 2], 7100, "4:memory:/pinned\n");

        // Only the init is real: the machine's own pid 700, when there is one, must not be pinned as the caller.
        var resolver = new ContainerResolver(_host.Roots, pid => pid == init.Id ? PidFd.TryOpen(pid) : null);
        var first = resolver.Resolve(700)!;
        Describe(first).Should().Be((new InitProcess(init.Id, 7000, PinnedNs, 2, false), "/pinned"));

        // The init moves to another cgroup and the old one is removed: the reader expires the cached paths.
        _host.Write($"proc/{init.Id}/cgroup", "4:memory:/moved\n");
        resolver.ExpirePaths(first).Should().BeTrue();
        Describe(resolver.Resolve(700)).Should().Be((new InitProcess(init.Id, 7000, PinnedNs, 2, false), "/moved"));
        resolver.ScanCount.Should().Be(1, "the pinned init is kept: only its paths are read again");

        // procfs here still shows the init, but the pidfd knows it exited: the init is searched for again.
        init.Kill();
        init.WaitForExit();
        resolver.Resolve(700);
        resolver.ScanCount.Should().Be(2);
    }

    [Fact]
    public void A_caller_seen_twice_is_pinned_and_its_namespace_no_longer_read_until_it_exits()
    {
        using var init = Process.Start("sleep", "60")!;
        using var caller = Process.Start("sleep", "60")!;
        _host.Process(init.Id, 400, PinnedNs, [init.Id, 1], 7000, "4:memory:/pinned\n")
            .Process(caller.Id, init.Id, PinnedNs, [caller.Id, 2], 7100, "4:memory:/pinned\n");
        var resolver = new ContainerResolver(_host.Roots);
        var container = resolver.Resolve(caller.Id)!;
        resolver.Resolve(caller.Id).Should().BeSameAs(container, "the second read pins the caller");

        // Its namespace link now says another namespace (a real process cannot move): a pinned caller is not re-read.
        _host.Process(caller.Id, 400, OtherNs, [caller.Id, 1], 7100, "4:memory:/elsewhere\n");
        resolver.Resolve(caller.Id).Should().BeSameAs(container);

        caller.Kill();
        caller.WaitForExit();
        Describe(resolver.Resolve(caller.Id)).Should().Be((new InitProcess(caller.Id, 7100, OtherNs, 2, false), "/elsewhere"),
            "once it exited, whatever has its pid is read afresh");
    }

    [Fact]
    public void ExpirePaths_OfAContainerThatIsNotTheCachedOne_IsFalse()
    {
        var resolver = Unpinned();

        resolver.ExpirePaths(resolver.Resolve(400)!).Should().BeFalse("callers in the daemon's namespace are never cached");
    }

    /// <summary>The fake host's pids are fiction: pidfds on them would pin whatever real process has that pid.</summary>
    private ContainerResolver Unpinned() => new(_host.Roots, openPidFd: _ => null);

    private static (InitProcess? Init, string? MemoryCgroup) Describe(Container? container) =>
        (container?.Init, container?.Paths.PathFor("memory", s_memory));
}
