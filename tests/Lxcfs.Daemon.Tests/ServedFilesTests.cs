using System.Text;
using System.Text.RegularExpressions;
using Lxcfs.Testing;
using Microsoft.Win32.SafeHandles;

namespace Lxcfs.Daemon.Tests;

/// <summary>A mounted daemon, read with ordinary tools and odd access patterns.</summary>
public sealed partial class ServedFilesTests : IClassFixture<ServedFilesTests.Mounted>
{
    private readonly string _mnt;

    public ServedFilesTests(Mounted mounted)
    {
        ArgumentNullException.ThrowIfNull(mounted);
        _mnt = mounted.Daemon.MountPoint;
    }

    private static readonly string[] s_files =
    [
        "proc/cpuinfo", "proc/diskstats", "proc/loadavg", "proc/meminfo", "proc/stat", "proc/swaps", "proc/uptime",
        "proc/slabinfo", "proc/pressure/cpu", "proc/pressure/io", "proc/pressure/memory",
        "sys/devices/system/cpu/offline", "sys/devices/system/cpu/online", "sys/devices/system/cpu/possible", "sys/devices/system/cpu/present",
    ];

    public static TheoryData<string> Files => new(s_files);

    [Fact]
    public void The_tree_is_the_lxcfs_tree()
    {
        var listing = ProcessRunner.Run("find", [_mnt, "-mindepth", "1"]);

        listing.ExitCode.Should().Be(0, listing.Stderr);
        listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p[(_mnt.Length + 1)..]).Order(StringComparer.Ordinal).Should().Equal(
            "proc", "proc/cpuinfo", "proc/diskstats", "proc/loadavg", "proc/meminfo", "proc/pressure", "proc/pressure/cpu", "proc/pressure/io",
            "proc/pressure/memory", "proc/slabinfo", "proc/stat", "proc/swaps", "proc/uptime",
            "sys", "sys/devices", "sys/devices/system", "sys/devices/system/cpu", "sys/devices/system/cpu/offline",
            "sys/devices/system/cpu/online", "sys/devices/system/cpu/possible", "sys/devices/system/cpu/present");
    }

    [Fact]
    public void The_mount_looks_like_lxcfs_in_proc_mounts()
    {
        File.ReadAllLines("/proc/mounts").Should().Contain($"lxcfs {_mnt} fuse.lxcfs rw,nosuid,nodev,relatime,user_id=0,group_id=0,allow_other 0 0");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_file_reads_the_same_with_cat_head_grep_less_and_python(string file)
    {
        var path = Path.Combine(_mnt, file);
        Prerequisite.RequireExecutable("python3");

        var cat = ProcessRunner.Run("cat", [path]);
        var head = ProcessRunner.Run("head", ["-n", "1", path]);
        var grep = ProcessRunner.Run("grep", ["-c", "", path]);
        var less = ProcessRunner.Run("less", ["-f", path]);
        var python = ProcessRunner.Run("python3", ["-c", "import sys; sys.stdout.write(open(sys.argv[1]).read())", path]);

        cat.ExitCode.Should().Be(0, cat.Stderr);
        cat.Stdout.Should().NotBeEmpty().And.EndWith("\n");
        WellFormed(file, cat.Stdout);
        WellFormed(file, less.Stdout);
        WellFormed(file, python.Stdout);
        head.Stdout.Should().EndWith("\n").And.NotContain("\n\n");
        if (file is "sys/devices/system/cpu/online" or "proc/swaps")
        {
            // Content that does not change from one read to the next must read the same with every tool.
            head.Stdout.Should().Be(cat.Stdout.Split('\n')[0] + "\n");
            grep.Stdout.Trim().Should().Be(cat.Stdout.Count(c => c == '\n').ToString(System.Globalization.CultureInfo.InvariantCulture));
            less.Stdout.Should().Be(cat.Stdout);
            python.Stdout.Should().Be(cat.Stdout);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void One_byte_reads_give_one_whole_snapshot(string file)
    {
        using var handle = File.OpenHandle(Path.Combine(_mnt, file));
        var bytes = new List<byte>();
        var one = new byte[1];
        while (RandomAccess.Read(handle, one, bytes.Count) == 1)
        {
            bytes.Add(one[0]);
        }

        WellFormed(file, Encoding.ASCII.GetString([.. bytes]));
    }

    [Fact]
    public void Pread_at_offsets_continues_the_snapshot_and_past_the_end_returns_nothing()
    {
        using var handle = File.OpenHandle(Path.Combine(_mnt, "proc/meminfo"));
        var whole = new byte[65536];
        var length = RandomAccess.Read(handle, whole, 0);
        var tail = new byte[65536];

        var tailLength = RandomAccess.Read(handle, tail, 100);

        tail.AsSpan(0, tailLength).ToArray().Should().Equal(whole.AsSpan(100, length - 100).ToArray());
        RandomAccess.Read(handle, tail, length).Should().Be(0);
        RandomAccess.Read(handle, tail, length + 1).Should().Be(0);
        RandomAccess.Read(handle, tail, 1L << 40).Should().Be(0);
    }

    [Fact]
    public void Sixty_four_parallel_readers_all_get_whole_files()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 64 }, i =>
        {
            var file = s_files[i % s_files.Length];
            for (var round = 0; round < 20; round++)
            {
                var text = File.ReadAllText(Path.Combine(_mnt, file));
                if (!IsWellFormed(file, text))
                {
                    failures.Add($"{file}: {text}");
                }
            }
        });

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Files_are_read_only_sized_like_their_host_file_and_directories_listable()
    {
        var info = new FileInfo(Path.Combine(_mnt, "proc/meminfo"));
        var online = new FileInfo(Path.Combine(_mnt, "sys/devices/system/cpu/online"));

        online.Length.Should().Be(File.ReadAllText("/sys/devices/system/cpu/online").Length, "the size is the host file's length, as in lxcfs");
        info.UnixFileMode.Should().Be(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        new DirectoryInfo(Path.Combine(_mnt, "proc")).UnixFileMode.Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Native.AccessErrno(info.FullName, Native.R_OK).Should().Be(0);
        Native.AccessErrno(info.FullName, Native.W_OK).Should().Be(13, "EACCES");
        ProcessRunner.Run("stat", ["-c", "%a %F", info.FullName]).Stdout.Should().Be("444 regular file\n");
        ProcessRunner.Run("df", [_mnt]).ExitCode.Should().Be(0, "statfs is answered");
    }

    [Fact]
    public void Writes_creates_and_removals_fail_with_the_right_errno()
    {
        var meminfo = Path.Combine(_mnt, "proc/meminfo");

        Errno(() => File.OpenWrite(meminfo).Dispose()).Should().Be("Permission denied");
        ProcessRunner.Shell($"echo x > {meminfo}").Stderr.Should().Contain("Permission denied");
        ProcessRunner.Run("touch", [Path.Combine(_mnt, "proc/new")]).Stderr.Should().Contain("Read-only file system");
        ProcessRunner.Run("touch", [meminfo]).Stderr.Should().Contain("Permission denied", "touch opens for writing first");
        ProcessRunner.Run("rm", ["-f", meminfo]).Stderr.Should().Contain("Read-only file system");
        ProcessRunner.Run("mkdir", [Path.Combine(_mnt, "dir")]).Stderr.Should().Contain("Read-only file system");
        ProcessRunner.Run("mv", [meminfo, Path.Combine(_mnt, "proc/m2")]).Stderr.Should().Contain("Read-only file system");
        ProcessRunner.Run("ln", ["-s", "x", Path.Combine(_mnt, "proc/link")]).Stderr.Should().Contain("Read-only file system");
        ProcessRunner.Run("chmod", ["666", meminfo]).Stderr.Should().Contain("Read-only file system");
    }

    private static string Errno(Action action)
    {
        try
        {
            action();
            return "no error";
        }
        catch (UnauthorizedAccessException e)
        {
            return e.InnerException?.Message ?? "Permission denied";
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private static void WellFormed(string file, string text) =>
        IsWellFormed(file, text).Should().BeTrue($"{file} should be a whole, well-formed file, got:\n{text}");

    /// <summary>Structural checks that hold for the host's files and for every container view.</summary>
    internal static bool IsWellFormed(string file, string text) =>
        text.EndsWith('\n') && file switch
        {
            "proc/cpuinfo" => CpuinfoStart().IsMatch(text) && text.EndsWith("\n\n", StringComparison.Ordinal),
            "proc/meminfo" => text.StartsWith("MemTotal:", StringComparison.Ordinal) && text.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => MeminfoLine().IsMatch(l)),
            "proc/stat" => text.StartsWith("cpu  ", StringComparison.Ordinal) && text.Contains("\nbtime ", StringComparison.Ordinal),
            "proc/uptime" => UptimeText().IsMatch(text),
            "proc/loadavg" => LoadavgText().IsMatch(text),
            "proc/swaps" => text.StartsWith("Filename", StringComparison.Ordinal),
            "proc/diskstats" => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 14),
            "sys/devices/system/cpu/online" or "sys/devices/system/cpu/possible" or "sys/devices/system/cpu/present" => OnlineText().IsMatch(text),
            "sys/devices/system/cpu/offline" => text == "\n" || OnlineText().IsMatch(text),
            "proc/slabinfo" => text.StartsWith("slabinfo - version: 2.1\n", StringComparison.Ordinal),
            "proc/pressure/cpu" or "proc/pressure/io" or "proc/pressure/memory" => PressureText().IsMatch(text),
            _ => false,
        };

    [GeneratedRegex(@"^some avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\nfull avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\n$")]
    private static partial Regex PressureText();

    [GeneratedRegex(@"^processor\t: \d+\n")]
    private static partial Regex CpuinfoStart();

    [GeneratedRegex(@"^[A-Za-z0-9_()]+:\s+\d+( kB)?$")]
    private static partial Regex MeminfoLine();

    [GeneratedRegex(@"^\d+\.\d\d \d+\.\d\d\n$")]
    private static partial Regex UptimeText();

    [GeneratedRegex(@"^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+\n$")]
    private static partial Regex LoadavgText();

    [GeneratedRegex(@"^\d+(-\d+)?(,\d+(-\d+)?)*\n$")]
    private static partial Regex OnlineText();

    public sealed class Mounted : IDisposable
    {
        public Mounted() => Daemon = DaemonProcess.Start();

        public DaemonProcess Daemon { get; }

        public void Dispose() => Daemon.Dispose();
    }
}
