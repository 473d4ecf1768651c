using Lxcfs.Daemon.Healing;

namespace Lxcfs.Containers.Tests;

/// <summary>Which mounts of a namespace's mountinfo count as LXCFS mounts to check for healing.</summary>
public sealed class LxcfsMountSelectorTests
{
    // A runc container with four LXCFS binds among its usual mounts (taken from a podman container here).
    private const string Container = """
        75 60 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containers/storage/overlay/l/A,upperdir=/u,workdir=/w
        81 75 0:53 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
        82 75 0:54 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755
        83 81 0:39 /proc/meminfo /proc/meminfo rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other
        84 81 0:39 /proc/cpuinfo /proc/cpuinfo ro,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other
        85 75 0:39 /sys/devices/system/cpu/online /sys/devices/system/cpu/online rw,nosuid,nodev,relatime master:7 - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other
        86 75 0:61 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw
        87 81 0:62 /proc/uptime /proc/uptime rw,nosuid,nodev,relatime - fuse lxcfs rw,user_id=0,group_id=0,allow_other
        """;

    [Fact]
    public void Selects_the_lxcfs_binds_with_their_tree_path_target_read_only_flag_and_connection()
    {
        LxcfsMountSelector.Select(Container).Should().Equal(
            new LxcfsBindMount("/proc/meminfo", "/proc/meminfo", ReadOnly: false, "0:39"),
            new LxcfsBindMount("/proc/cpuinfo", "/proc/cpuinfo", ReadOnly: true, "0:39"),
            new LxcfsBindMount("/sys/devices/system/cpu/online", "/sys/devices/system/cpu/online", ReadOnly: false, "0:39"),
            new LxcfsBindMount("/proc/uptime", "/proc/uptime", ReadOnly: false, "0:62"));
    }

    [Fact]
    public void A_namespace_without_lxcfs_gives_nothing_even_with_other_fuse_filesystems()
    {
        const string Mountinfo = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            40 22 0:45 / /mnt/remote rw,nosuid,nodev,relatime shared:20 - fuse.sshfs host:/data rw,user_id=0,group_id=0
            41 22 0:46 /x /srv/x rw,nosuid,nodev,relatime - fuse other rw,user_id=0,group_id=0
            """;

        LxcfsMountSelector.Select(Mountinfo).Should().BeEmpty();
    }

    [Fact]
    public void Only_the_topmost_mount_of_a_path_counts()
    {
        const string Mountinfo = """
            83 81 0:39 /proc/meminfo /proc/meminfo rw,nosuid,nodev - fuse.lxcfs lxcfs rw
            90 81 0:70 /proc/meminfo /proc/meminfo rw,nosuid,nodev - fuse.lxcfs lxcfs rw
            84 81 0:39 /proc/stat /proc/stat rw,nosuid,nodev - fuse.lxcfs lxcfs rw
            91 81 0:71 /fake-stat /proc/stat rw - tmpfs tmpfs rw
            """;

        LxcfsMountSelector.Select(Mountinfo).Should().Equal(new LxcfsBindMount("/proc/meminfo", "/proc/meminfo", ReadOnly: false, "0:70"));
    }

    [Fact]
    public void A_bind_of_the_whole_tree_and_escaped_paths_are_kept_as_paths()
    {
        const string Mountinfo = """
            60 50 0:39 / /var/lib/lxcfs rw,nosuid,nodev,relatime shared:30 - fuse.lxcfs lxcfs rw
            61 50 0:39 /proc/meminfo /my\040dir/meminfo rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw
            """;

        LxcfsMountSelector.Select(Mountinfo).Should().Equal(
            new LxcfsBindMount("/", "/var/lib/lxcfs", ReadOnly: false, "0:39"),
            new LxcfsBindMount("/proc/meminfo", "/my dir/meminfo", ReadOnly: false, "0:39"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\nnot a mountinfo line at all\n")]
    public void Unparseable_text_selects_nothing(string mountinfo) => LxcfsMountSelector.Select(mountinfo).Should().BeEmpty();
}
