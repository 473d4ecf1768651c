using Lxcfs.Daemon.Healing;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Containers.Tests;

/// <summary>Which LXCFS connections count as this mount point's own when healing.</summary>
public sealed class OwnConnectionsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lxcfs-connections-");

    private string Record => OwnConnections.RecordPath(Path.Combine(_dir.FullName, "lxcfs.pid"));

    [Fact]
    public void The_lxcfs_mounts_stacked_at_the_mount_point_are_its_own_and_no_others()
    {
        const string Mountinfo = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            640 22 0:60 / /var/lib/lxcfs rw,nosuid,nodev,relatime shared:300 - fuse.lxcfs lxcfs rw
            641 640 0:61 / /var/lib/lxcfs rw,nosuid,nodev,relatime shared:301 - fuse.lxcfs lxcfs rw
            642 22 0:62 / /var/lib/lxcfs-other rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw
            643 22 0:63 /proc/meminfo /var/lib/lxcfs/x rw - fuse.lxcfs lxcfs rw
            644 22 0:64 / /var/lib/lxcfs rw - tmpfs tmpfs rw
            """;

        OwnConnections.AtMountPoint(MountTable.Parse(Mountinfo), "/var/lib/lxcfs/").Should().Equal("0:60", "0:61");
    }

    [Fact]
    public void Adding_keeps_each_device_once_newest_last_and_at_most_the_kept_number()
    {
        OwnConnections.Add(Record, ["0:40", "0:41"], out var error).Should().Equal("0:40", "0:41");
        error.Should().BeNull();

        OwnConnections.Add(Record, ["0:40"], out _).Should().Equal("0:41", "0:40");
        var many = Enumerable.Range(100, OwnConnections.Kept).Select(i => $"0:{i}").ToList();
        OwnConnections.Add(Record, many, out _).Should().Equal(many);
        OwnConnections.Load(Record).Should().Equal(many);
        Directory.GetFiles(_dir.FullName).Should().Equal([Record], "the temporary file is renamed over the record");
    }

    [Fact]
    public void A_missing_or_garbled_record_lists_only_what_reads_as_a_device()
    {
        OwnConnections.Load(Record).Should().BeEmpty();
        File.WriteAllText(Record, "0:40\ngarbage\n\n:5\n7:\n12:34\n0:4x\n");

        OwnConnections.Load(Record).Should().Equal("0:40", "12:34");
        OwnConnections.Add(Record, ["not a device", "0:50"], out _).Should().Equal("0:40", "12:34", "0:50");
    }

    [Fact]
    public void A_record_that_cannot_be_written_is_reported_and_left_whole()
    {
        File.WriteAllText(Record, "0:40\n");
        Directory.CreateDirectory(Record + ".new"); // the temporary file cannot be created

        OwnConnections.Add(Record, ["0:41"], out var error).Should().BeNull();

        error.Should().NotBeNullOrEmpty();
        OwnConnections.Load(Record).Should().Equal("0:40");
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
