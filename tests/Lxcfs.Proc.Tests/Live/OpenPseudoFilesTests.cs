using Lxcfs.Proc.IO;
using Lxcfs.Testing;

namespace Lxcfs.Proc.Tests.Live;

/// <summary>
/// Pseudo-files kept open and read again at offset 0: every read shows the kernel's current content,
/// a removed cgroup reads as missing, and ordinary or per-process files are never kept.
/// </summary>
[Trait("Category", "Live")]
public sealed class OpenPseudoFilesTests
{
    private const string MemoryRoot = LiveContainer.CgroupRoot + "/memory";

    [Fact]
    public void ACgroupFile_IsKeptOpen_ShowsEachNewValue_AndReadsAsMissingOnceTheCgroupIsRemoved()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireFile(MemoryRoot + "/cgroup.procs", "cgroup v1 memory hierarchy");
        var cgroup = Path.Combine(MemoryRoot, LiveContainer.NewPrefix());
        Directory.CreateDirectory(cgroup);
        try
        {
            var limit = Path.Combine(cgroup, "memory.limit_in_bytes");
            File.WriteAllText(limit, "268435456");
            Read(limit).Should().Be("268435456\n");
            DescriptorsOpenOn(limit).Should().Be(1, "the descriptor is kept after the first read");

            File.WriteAllText(limit, "536870912");
            Read(limit).Should().Be("536870912\n", "a pread at offset 0 renders the file afresh");
            DescriptorsOpenOn(limit).Should().Be(1, "the second read used the kept descriptor");

            Directory.Delete(cgroup);
            HostFile.TryRead(limit).Should().BeNull("the kept descriptor reads ENODEV and the path no longer exists");
            DescriptorsOpenOn(limit).Should().Be(0, "the dead descriptor is closed");
        }
        finally
        {
            if (Directory.Exists(cgroup))
            {
                Directory.Delete(cgroup);
            }
        }
    }

    [Fact]
    public void AKeptMultiRecordFile_LongerThanAPage_IsReadWholeAgain()
    {
        Prerequisite.RequireRoot();
        const string symbols = "/proc/kallsyms"; // one seq_file record per symbol, megabytes long, stable
        var first = Read(symbols);
        DescriptorsOpenOn(symbols).Should().Be(1);

        var second = Read(symbols);

        first.Length.Should().BeGreaterThan(64 * 1024);
        second.Should().Be(first, "a short read of a multi-record file is not its end");
    }

    [Fact]
    public void AKeptDiskstats_WhoseFirstShortReadEndsIt_IsStillReadWhole()
    {
        Prerequisite.RequireRoot();
        static string[] Devices(string text) =>
            [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2])];
        var expected = Devices(File.ReadAllText("/proc/diskstats"));

        Read("/proc/diskstats");
        var kept = Read("/proc/diskstats");

        DescriptorsOpenOn("/proc/diskstats").Should().Be(1);
        Devices(kept).Should().Equal(expected);
        kept.Should().EndWith("\n");
    }

    [Fact]
    public void OrdinaryAndPerProcessFiles_AreOpenedAnewEachTime()
    {
        Prerequisite.RequireRoot();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "first\n");
            Read(file).Should().Be("first\n");
            File.Delete(file);
            File.WriteAllText(file, "second\n");
            Read(file).Should().Be("second\n", "a replaced ordinary file is a new inode, so it must be opened again");

            DescriptorsOpenOn(file).Should().Be(0);
            var stat = $"/proc/{Environment.ProcessId}/stat";
            Read(stat).Should().StartWith($"{Environment.ProcessId} (");
            DescriptorsOpenOn(stat).Should().Be(0, "a recycled pid would be another process");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int DescriptorsOpenOn(string path) =>
        Directory.GetFiles("/proc/self/fd").Count(fd => new FileInfo(fd).LinkTarget == path);

    private static string Read(string path)
    {
        using var buffer = HostFile.Read(path);
        return System.Text.Encoding.ASCII.GetString(buffer.WrittenSpan);
    }
}
