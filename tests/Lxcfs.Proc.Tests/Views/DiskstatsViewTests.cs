using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

/// <summary>The fake host's disks: loop0 (7:0), sda (8:0), sda1 (8:1), dm-0 (253:0).</summary>
public sealed class DiskstatsViewTests : IDisposable
{
    private FakeHost? _host;

    public void Dispose() => _host?.Dispose();

    [Fact]
    public void V2_IoStat_DevicesWithIoInHostOrder_KernelLayout()
    {
        _host = FakeHost.V2()
            .Cgroup("", "/ct", ("io.stat", """
                253:0 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0
                8:0 rbytes=1048576 wbytes=2097152 rios=10 wios=20 dbytes=4096 dios=2
                8:16 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0
                7:0 rbytes=0 wbytes=0 rios=0 wios=0 dbytes=0 dios=0

                """))
            .Container("0::/ct\n");

        new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcDiskstats).Should().Be(
            "   8       0 sda 10 0 2048 0 20 0 4096 0 0 0 0 2 0 8 0 0 0\n" +
            " 253       0 dm-0 1 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    }

    [Fact]
    public void V1_ThrottleFilesOnly_CountsAndSectorsFromThem()
    {
        _host = FakeHost.V1()
            .Cgroup("blkio", "/ct",
                ("blkio.throttle.io_serviced_recursive", "8:0 Read 10\n8:0 Write 20\n8:0 Sync 25\n8:0 Async 5\n8:0 Discard 0\n8:0 Total 30\nTotal 30\n"),
                ("blkio.throttle.io_service_bytes_recursive", "8:0 Read 40960\n8:0 Write 81920\n8:0 Sync 0\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 122880\nTotal 122880\n"))
            .Container(ViewReader.V1CgroupFile("/ct"));

        new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcDiskstats).Should().Be(
            "   8       0 sda 10 0 80 0 20 0 160 0 0 0 0 0 0 0 0 0 0\n");
    }

    [Fact]
    public void V1_CfqFiles_MergesAndTimesAsLxcfsDerivesThem()
    {
        _host = FakeHost.V1()
            .Cgroup("blkio", "/ct",
                ("blkio.io_serviced_recursive", "8:1 Read 4\n8:1 Write 6\n8:1 Discard 1\n8:1 Total 11\nTotal 11\n"),
                ("blkio.io_merged_recursive", "8:1 Read 1\n8:1 Write 2\n8:1 Discard 0\n8:1 Total 3\nTotal 3\n"),
                ("blkio.io_service_bytes_recursive", "8:1 Read 2048\n8:1 Write 4096\n8:1 Discard 1024\n8:1 Total 7168\nTotal 7168\n"),
                ("blkio.io_wait_time_recursive", "8:1 Read 3000000\n8:1 Write 5000000\n8:1 Discard 0\n8:1 Total 8000000\nTotal 8000000\n"),
                ("blkio.io_service_time_recursive", "8:1 Read 7000000\n8:1 Write 9000000\n8:1 Discard 1000000\n8:1 Total 17000000\nTotal 17000000\n"))
            .Container(ViewReader.V1CgroupFile("/ct"));

        new ContainerViewSource(new ViewOptions(), _host.Roots).Read(ViewFile.ProcDiskstats).Should().Be(
            "   8       1 sda1 4 1 4 10 6 2 8 14 0 17 0 1 0 2 1 0 0\n");
    }

    [Fact]
    public void V1_NoUsableBlkioFiles_TheHostFileIsServed()
    {
        _host = FakeHost.V1()
            .Cgroup("blkio", "/ct", ("blkio.reset_stats", ""))
            .Container(ViewReader.V1CgroupFile("/ct"));
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);

        source.Read(ViewFile.ProcDiskstats).Should().Be(HostFiles.Diskstats);
        source.FallbackCount.Should().Be(0, "serving the host file here is the documented answer, not an error");
    }
}
