using Lxcfs.Proc.Cgroups;

namespace Lxcfs.Proc.Tests.Cgroups;

public sealed class CgroupPathsTests
{
    private static readonly CgroupMount s_v1 = new("/sys/fs/cgroup/x", "/", false);
    private static readonly CgroupMount s_v2 = new("/sys/fs/cgroup", "/", true);

    [Fact]
    public void Parse_V1Lines_GivesEachControllerItsPath_AndStripsInitScope()
    {
        var paths = CgroupPaths.Parse("""
            9:name=systemd:/lxc/ct1/init.scope
            4:memory:/lxc/ct1
            2:cpu,cpuacct:/lxc/ct1/init.scope
            3:cpuset:/init.scope
            0::/lxc/ct1/init.scope
            """u8);

        paths.PathFor("memory", s_v1).Should().Be("/lxc/ct1");
        paths.PathFor("cpu", s_v1).Should().Be("/lxc/ct1");
        paths.PathFor("cpuacct", s_v1).Should().Be("/lxc/ct1");
        paths.PathFor("cpuset", s_v1).Should().Be("/", "a lone /init.scope becomes the root");
        paths.PathFor("blkio", s_v1).Should().BeNull();
        paths.PathFor("memory", s_v2).Should().Be("/lxc/ct1");
    }

    [Fact]
    public void Parse_V2Kubernetes_UsesTheUnifiedLineForEveryController()
    {
        var paths = CgroupPaths.Parse("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope\n"u8);

        paths.Unified.Should().Be("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope");
        paths.PathFor("cpu", s_v2).Should().Be(paths.Unified);
    }

    [Fact]
    public void SelfAndAncestors_WalksUpToTheMountPoint()
    {
        var dir = new CgroupDirectory("/sys/fs/cgroup/memory/kubepods/burstable/pod1/c1", "/sys/fs/cgroup/memory", false);

        dir.SelfAndAncestors().Should().Equal(
            "/sys/fs/cgroup/memory/kubepods/burstable/pod1/c1",
            "/sys/fs/cgroup/memory/kubepods/burstable/pod1",
            "/sys/fs/cgroup/memory/kubepods/burstable",
            "/sys/fs/cgroup/memory/kubepods",
            "/sys/fs/cgroup/memory");
    }

    [Theory]
    [InlineData("0-3\n", new[] { 0, 1, 2, 3 })]
    [InlineData("1,3-4,8\n", new[] { 1, 3, 4, 8 })]
    [InlineData("2\n", new[] { 2 })]
    [InlineData("\n", new int[0])]
    public void CpuList_Parse_ExpandsRanges(string text, int[] expected) =>
        CpuList.Parse(System.Text.Encoding.ASCII.GetBytes(text)).Should().Equal(expected);

    [Fact]
    public void CpuList_Parse_RejectsMalformedText() => CpuList.Parse("3-1"u8).Should().BeNull();
}
