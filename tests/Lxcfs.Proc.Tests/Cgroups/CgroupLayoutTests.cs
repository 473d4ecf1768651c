using Lxcfs.Proc.Cgroups;
using System.Text;

namespace Lxcfs.Proc.Tests.Cgroups;

public sealed class CgroupLayoutTests
{
    [Fact]
    public void Parse_HybridHost_MapsEachControllerToItsV1Hierarchy()
    {
        const string mountinfo = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

        var layout = CgroupLayout.Parse(Encoding.ASCII.GetBytes(mountinfo));

        layout.Mode.Should().Be(CgroupMode.Hybrid);
        layout.V1Mounts.ToDictionary(p => p.Key, p => p.Value.MountPoint).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["cpu"] = "/sys/fs/cgroup/cpu",
            ["cpuacct"] = "/sys/fs/cgroup/cpuacct",
            ["cpuset"] = "/sys/fs/cgroup/cpuset",
            ["memory"] = "/sys/fs/cgroup/memory",
            ["blkio"] = "/sys/fs/cgroup/blkio",
        });
        layout.Unified.Should().Be(new CgroupMount("/sys/fs/cgroup/unified", "/", true));
        layout.MountFor("pids").Should().BeNull("a controller that no v1 hierarchy holds is not on the empty cgroup2 of a hybrid host");
    }

    [Fact]
    public void Parse_CoMountedCpuAndCpuacct_BothControllersShareTheMount()
    {
        var layout = CgroupLayout.Parse("25 20 0:22 / /sys/fs/cgroup/cpu,cpuacct rw shared:9 - cgroup cgroup rw,cpu,cpuacct\n"u8);

        layout.Mode.Should().Be(CgroupMode.Legacy);
        layout.MountFor("cpu").Should().BeSameAs(layout.MountFor("cpuacct"));
        layout.MountFor("cpu")!.MountPoint.Should().Be("/sys/fs/cgroup/cpu,cpuacct");
    }

    [Fact]
    public void Parse_PureV2_EveryControllerIsOnTheUnifiedHierarchy()
    {
        var layout = CgroupLayout.Parse("30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"u8);

        layout.Mode.Should().Be(CgroupMode.Unified);
        foreach (var controller in new[] { "memory", "cpu", "cpuset", "cpuacct", "blkio" })
        {
            layout.MountFor(controller).Should().Be(new CgroupMount("/sys/fs/cgroup", "/", true));
        }
    }

    [Fact]
    public void Parse_NoCgroupMount_ModeNone()
    {
        var layout = CgroupLayout.Parse("22 1 0:20 / /proc rw - proc proc rw\n"u8);

        layout.Mode.Should().Be(CgroupMode.None);
        layout.MountFor("memory").Should().BeNull();
    }

    [Fact]
    public void Parse_EscapedMountPointAndNonRootMount_AreDecodedAndMapped()
    {
        var layout = CgroupLayout.Parse("40 31 0:38 /kubepods /run/my\\040cgroup rw - cgroup2 cgroup2 rw\n"u8);

        var mount = layout.Unified!;
        mount.Should().Be(new CgroupMount("/run/my cgroup", "/kubepods", true));
        mount.DirectoryOf("/kubepods/pod1/c1").Should().Be("/run/my cgroup/pod1/c1");
        mount.DirectoryOf("/kubepods").Should().Be("/run/my cgroup");
        mount.DirectoryOf("/system.slice/x").Should().BeNull("a cgroup outside the mounted subtree has no directory here");
    }

    [Fact]
    public void DirectoryOf_PathSeenFromAPrivateCgroupNamespace_IsNotResolvedOutsideTheMount()
    {
        var mount = new CgroupMount("/sys/fs/cgroup", "/", true);

        mount.DirectoryOf("/../../kubepods.slice/pod1/c1").Should().BeNull();
        mount.DirectoryOf("/kubepods.slice/pod1/c1").Should().Be("/sys/fs/cgroup/kubepods.slice/pod1/c1");
    }
}
