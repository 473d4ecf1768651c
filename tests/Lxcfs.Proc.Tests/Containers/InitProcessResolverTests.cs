using Lxcfs.Proc.Containers;
using Lxcfs.Proc.Tests.Fixtures;

namespace Lxcfs.Proc.Tests.Containers;

public sealed class InitProcessResolverTests : IDisposable
{
    private const ulong ContainerNs = 4026532001;
    private const ulong OtherNs = 4026532002;
    private readonly FakeHost _host = FakeHost.V1();

    public InitProcessResolverTests()
    {
        // host: 1 (init) → 400 (runtime shim) → 500 (container init, pid 1 inside) → 501 (pid 2 inside)
        // 600 was exec'd into the container from the host (its parent 400 is outside).
        _host.Process(1, 0, FakeHost.HostPidNamespace, [1], 1, "0::/\n")
            .Process(400, 1, FakeHost.HostPidNamespace, [400], 100, "0::/\n")
            .Process(500, 400, ContainerNs, [500, 1], 5000, "4:memory:/ct\n")
            .Process(501, 500, ContainerNs, [501, 2], 5100, "4:memory:/ct\n")
            .Process(600, 400, ContainerNs, [600, 3], 5200, "4:memory:/ct\n");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Resolve_ChildOfTheInit_FindsTheInitThroughTheParentChain()
    {
        var resolver = new InitProcessResolver(_host.Roots);

        resolver.Resolve(501).Should().Be(new InitProcess(500, 5000, ContainerNs, 2, false));
        resolver.ScanCount.Should().Be(0);
    }

    [Fact]
    public void Resolve_ProcessExecdIntoTheContainer_FindsTheInitByScanningNSpid_ThenFromTheCache()
    {
        var resolver = new InitProcessResolver(_host.Roots);

        resolver.Resolve(600).Should().Be(new InitProcess(500, 5000, ContainerNs, 2, false));
        resolver.Resolve(600).Should().Be(new InitProcess(500, 5000, ContainerNs, 2, false));

        resolver.ScanCount.Should().Be(1, "the second lookup is served from the per-namespace cache");
    }

    [Fact]
    public void Resolve_AfterTheInitPidIsReused_NeverServesTheStaleEntry()
    {
        var resolver = new InitProcessResolver(_host.Roots);
        resolver.Resolve(600).Should().NotBeNull();

        // The container dies; pid 500 is reused by an unrelated process in another container, with a new start time.
        _host.Process(500, 400, OtherNs, [500, 1], 9000, "4:memory:/other\n");

        resolver.Resolve(600).Should().BeNull("the cached init no longer matches and no pid 1 of that namespace exists");
        resolver.Resolve(500).Should().Be(new InitProcess(500, 9000, OtherNs, 2, false));
    }

    [Fact]
    public void Resolve_CallerInTheDaemonsNamespace_IsItsOwnContainer()
    {
        var resolver = new InitProcessResolver(_host.Roots);

        resolver.Resolve(400).Should().Be(new InitProcess(400, 100, FakeHost.HostPidNamespace, 1, true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(777)]
    public void Resolve_UnknownOrVanishedCaller_IsNull(int pid) =>
        new InitProcessResolver(_host.Roots).Resolve(pid).Should().BeNull();

    [Fact]
    public void ParseStartTime_CommWithSpacesAndParentheses_ReadsField22()
    {
        var stat = "42 (a) b (c)) S 1 " + string.Join(' ', Enumerable.Repeat("7", 17)) + " 123456 9 9\n";

        ProcessFiles.ParseStartTime(System.Text.Encoding.ASCII.GetBytes(stat)).Should().Be(123456UL);
    }
}
