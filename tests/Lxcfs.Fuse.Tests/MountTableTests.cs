using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Tests;

public sealed class MountTableTests
{
    private const string Mountinfo = """
        22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw
        640 22 0:60 / /var/lib/lxcfs rw,nosuid,nodev,relatime shared:300 - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other
        700 650 0:60 /proc/meminfo /proc/meminfo rw,nosuid,nodev,relatime master:300 - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other
        701 22 0:61 / /mnt/with\040space rw - tmpfs none rw
        702 22 0:62 / /var/lib/lxcfs rw - fuse.lxcfs lxcfs rw
        garbage line
        """;

    [Fact]
    public void Parses_fields_around_optional_fields_and_unescapes_octal()
    {
        var entries = MountTable.Parse(Mountinfo);

        entries.Should().HaveCount(5, "the garbage line is skipped");
        entries[2].Should().Be(new MountEntry(700, "/proc/meminfo", "/proc/meminfo", "fuse.lxcfs", "lxcfs", "0:60"));
        entries[3].MountPoint.Should().Be("/mnt/with space");
    }

    [Fact]
    public void Find_returns_the_topmost_mount()
    {
        MountTable.Find(MountTable.Parse(Mountinfo), "/var/lib/lxcfs/")!.MountId.Should().Be(702);
        MountTable.Find(MountTable.Parse(Mountinfo), "/nothing").Should().BeNull();
    }
}
