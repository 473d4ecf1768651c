using System.Diagnostics;
using Lxcfs.Daemon.Healing;
using Lxcfs.Fuse.Session;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>A new instance takes the live connection over from the running one; readers never notice.</summary>
public sealed class UpgradeTests
{
    private const string ReaderLoop = """
        import os, sys
        stop = sys.argv[1]
        ok = bad = 0
        while not os.path.exists(stop):
            for path, head, marker in (("/proc/meminfo", "MemTotal:", "\nSwapFree:"), ("/proc/stat", "cpu  ", "\nbtime ")):
                try:
                    text = open(path).read()
                    if text.startswith(head) and marker in text and text.endswith("\n"):
                        ok += 1
                    else:
                        bad += 1
                        print("invalid", path, repr(text[:60]), flush=True)
                except OSError as e:
                    bad += 1
                    print("error", path, e, flush=True)
        print("reads", ok, bad, flush=True)
        """;

    [Fact]
    public void Ten_upgrades_under_a_container_reading_as_fast_as_it_can_lose_no_read()
    {
        Prerequisite.RequireExecutable("python3");
        var current = DaemonProcess.Start();
        var workDir = current.WorkDir;
        var stopFile = Path.Combine(workDir, "stop-reading");
        var script = Path.Combine(workDir, "reader.py");
        File.WriteAllText(script, ReaderLoop);
        var binds = string.Join(" && ", new[] { "meminfo", "stat" }.Select(f => $"mount --bind {current.MountPoint}/proc/{f} /proc/{f}"));
        var reader = Process.Start(new ProcessStartInfo("unshare", ["--pid", "--fork", "--mount", "--propagation", "private", "--mount-proc", "sh", "-c", $"{binds} && exec python3 {script} {stopFile}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var retired = new List<DaemonProcess>();
        try
        {
            Thread.Sleep(300);
            for (var upgrade = 0; upgrade < 10; upgrade++)
            {
                var next = DaemonProcess.Start(mountPoint: current.MountPoint, workDir: workDir);
                current.WaitExit(TimeSpan.FromSeconds(20)).Should().Be(0);
                current.Stderr.Should().Contain("handed the connection to a successor");
                next.Stderr.Should().Contain("took the live connection over");
                retired.Add(current);
                current = next;
                Thread.Sleep(100);
            }

            File.WriteAllText(stopFile, "stop");
            reader.WaitForExit(30_000).Should().BeTrue();
            var output = reader.StandardOutput.ReadToEnd();
            var counts = output.Split('\n').Single(l => l.StartsWith("reads ", StringComparison.Ordinal)).Split(' ');
            int.Parse(counts[2], System.Globalization.CultureInfo.InvariantCulture).Should().Be(0, output);
            int.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(100, "the reader kept reading through the upgrades");
            File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Contains($" {current.MountPoint} ", StringComparison.Ordinal)).Should().Be(1, "the mount never went away and was never stacked");
            File.ReadAllText(current.PidFile).Should().Be($"{current.Pid}\n");
            current.Terminate().Should().Be(0);
            current.IsMounted().Should().BeFalse();
        }
        finally
        {
            File.WriteAllText(stopFile, "stop");
            if (!reader.WaitForExit(10_000))
            {
                reader.Kill(entireProcessTree: true);
            }

            reader.Dispose();
            retired.ForEach(d => d.Dispose());
            current.Dispose();
        }
    }

    [Fact]
    public void A_reader_part_way_through_a_file_finishes_the_same_snapshot_after_an_upgrade()
    {
        using var first = DaemonProcess.Start();
        using var handle = File.OpenHandle(Path.Combine(first.MountPoint, "proc/meminfo"));
        var head = new byte[16];
        RandomAccess.Read(handle, head, 0).Should().Be(16);

        using var second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: Directory.CreateTempSubdirectory("lxcfs-test-").FullName, extraArgs: ["-p", Path.Combine(first.WorkDir, "lxcfs.pid")]);
        first.WaitExit(TimeSpan.FromSeconds(20)).Should().Be(0);

        var rest = new byte[65536];
        var length = RandomAccess.Read(handle, rest, 16);
        var text = System.Text.Encoding.ASCII.GetString([.. head, .. rest.AsSpan(0, length)]);
        ServedFilesTests.IsWellFormed("proc/meminfo", text).Should().BeTrue(text);
        second.Stderr.Should().Contain("with 1 open files");
    }

    [Fact]
    public void A_successor_records_the_connection_it_took_over_so_that_healing_after_a_clean_stop_knows_it()
    {
        using var first = DaemonProcess.Start(extraArgs: ["--after-handoff", "wait"]);
        var record = OwnConnections.RecordPath(first.PidFile);
        var mounted = OwnConnections.AtMountPoint(MountTable.Read(), first.MountPoint);
        OwnConnections.Load(record).Should().Equal(mounted, "an instance records its connection once it serves");
        File.Delete(record); // as a predecessor of a release without the record leaves it

        using var second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: first.WorkDir);

        second.Stderr.Should().Contain("took the live connection over");
        OwnConnections.Load(record).Should().Equal(mounted, "the successor serves the same connection and records it");
        first.Terminate().Should().Be(0);
        second.Terminate().Should().Be(0);
    }

    [Fact]
    public void With_after_handoff_wait_the_old_instance_idles_and_exits_0_on_sigterm_without_unmounting()
    {
        using var first = DaemonProcess.Start(extraArgs: ["--after-handoff", "wait"]);
        using var second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: first.WorkDir);

        Thread.Sleep(500);
        first.HasExited.Should().BeFalse();
        first.Terminate().Should().Be(0);

        first.Stderr.Should().Contain("the successor keeps the mount");
        File.ReadAllText(Path.Combine(second.MountPoint, "proc/uptime")).Should().NotBeEmpty();
        second.Terminate().Should().Be(0);
    }
}
