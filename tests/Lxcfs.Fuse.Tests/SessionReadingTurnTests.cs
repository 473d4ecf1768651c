using System.Buffers;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;
using Lxcfs.Testing;

namespace Lxcfs.Fuse.Tests;

/// <summary>
/// A mounted session with three readers: one waits in read(2) at a time, and a file slow to render, by
/// announcing it or by lasting a stall interval, does not keep another file from being read meanwhile,
/// though it holds two readers: the one rendering it at OPEN and the one its READ waits in.
/// </summary>
public sealed class SessionReadingTurnTests : IDisposable
{
    private readonly string _mountPoint = Directory.CreateTempSubdirectory("lxcfs-turn-").FullName;
    private readonly ManualResetEventSlim _slowMayEnd = new();
    private readonly ManualResetEventSlim _slowStarted = new();
    private FuseSession? _session;

    public void Dispose()
    {
        _slowMayEnd.Set();
        FuseMounter.Unmount(_mountPoint);
        _session?.Dispose();
        Directory.Delete(_mountPoint);
        _slowMayEnd.Dispose();
        _slowStarted.Dispose();
    }

    [Fact]
    public async Task A_request_stuck_for_a_stall_interval_lets_another_reader_serve_the_rest()
    {
        Mount(stallMilliseconds: 100, slowAnnouncesItself: false);

        await ReadFastWhileSlowIsBlocked();
    }

    [Fact]
    public async Task A_request_announced_slow_hands_the_turn_over_at_once()
    {
        Mount(stallMilliseconds: 600_000, slowAnnouncesItself: true); // a stall would outlast the test

        await ReadFastWhileSlowIsBlocked();
    }

    [Fact]
    public async Task Between_requests_exactly_one_reader_waits_in_the_kernel()
    {
        Mount(stallMilliseconds: 100, slowAnnouncesItself: false);
        for (var i = 0; i < 20; i++)
        {
            (await File.ReadAllTextAsync(Path.Combine(_mountPoint, "fast"), TestContext.Current.CancellationToken)).Should().Be("fast\n");
        }

        var states = ReaderWaits();
        for (var tries = 0; tries < 100 && states.Count(w => w == "fuse_dev_do_read") != 1; tries++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            states = ReaderWaits();
        }

        states.Should().HaveCount(3, "the session started three readers");
        states.Count(w => w == "fuse_dev_do_read").Should().Be(1, $"one reader waits for requests, the others for their turn (waits: {string.Join(", ", states)})");
    }

    private async Task ReadFastWhileSlowIsBlocked()
    {
        var slow = Task.Run(() => File.ReadAllText(Path.Combine(_mountPoint, "slow")), TestContext.Current.CancellationToken);
        _slowStarted.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken).Should().BeTrue("the slow file began rendering");

        var fast = Task.Run(() => File.ReadAllText(Path.Combine(_mountPoint, "fast")), TestContext.Current.CancellationToken);
        (await Task.WhenAny(fast, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))).Should().BeSameAs(fast, "another reader took the turn");
        (await fast).Should().Be("fast\n");
        slow.IsCompleted.Should().BeFalse("the slow render still waits");

        _slowMayEnd.Set();
        (await slow).Should().Be("slow\n");
    }

    private void Mount(int stallMilliseconds, bool slowAnnouncesItself)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireFile(FuseDevice.DevicePath, "the FUSE device");
        var root = FsTree.NewRoot();
        root.Add(new FsFile("slow", (_, output) =>
        {
            if (slowAnnouncesItself)
            {
                FuseSession.YieldReadingTurn();
            }

            _slowStarted.Set();
            _slowMayEnd.Wait(TimeSpan.FromSeconds(60));
            output.Write("slow\n"u8);
        }));
        root.Add(new FsFile("fast", (_, output) => output.Write("fast\n"u8)));
        _session = new FuseSession(FuseDevice.Open(), new FuseProtocolServer(new FsTree(root)), readerStarted: null, stallMilliseconds);
        FuseMounter.Mount(_session.Device, _mountPoint, new FuseMountOptions { Source = "lxcfs-turn-test", FsType = "fuse.lxcfs-turn-test" });
        _session.Initialize();
        _session.Start(readers: 3);
    }

    // What each of this process's reader threads waits in, from the kernel.
    private static List<string> ReaderWaits() =>
        Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith("fuse-reader-", StringComparison.Ordinal))
            .Select(task => File.ReadAllText(Path.Combine(task, "wchan")))
            .ToList();
}
