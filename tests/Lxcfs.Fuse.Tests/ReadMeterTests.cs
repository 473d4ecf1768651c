using System.Buffers;
using System.Diagnostics;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Tests;

/// <summary>
/// A file's meter sees each read as its reader experiences it: one per rendering (open, read to the end,
/// close), however many READ requests that takes; an errno answered instead of content is a failure.
/// </summary>
public sealed class ReadMeterTests
{
    private readonly byte[] _reply = new byte[FuseProtocolServer.MinReplyBufferSize];
    private readonly RecordingMeter _meter = new();
    private readonly RecordingMeter _failingMeter = new();
    private readonly FuseProtocolServer _server;
    private readonly FsTree _tree;

    public ReadMeterTests()
    {
        var root = FsTree.NewRoot();
        root.Add(new FsFile("big", (_, output) => output.Write(new byte[10_000])) { Meter = _meter, RootOnly = true });
        root.Add(new FsFile("fails", (_, _) => throw new IOException("cgroup vanished")) { Meter = _failingMeter });
        root.Add(new FsFile("unmetered", (_, output) => output.Write("x\n"u8)));
        _tree = new FsTree(root);
        _server = new FuseProtocolServer(_tree);
        Send(RequestBuilder.Init()).Error.Should().Be(0);
    }

    [Fact]
    public void Each_open_read_to_the_end_and_release_is_one_read_however_many_requests_it_takes()
    {
        for (var i = 0; i < 5; i++)
        {
            var fh = Open("big", uid: 0).As<FuseOpenOut>().Fh;
            var total = 0;
            for (ulong offset = 0; ; offset += 4096)
            {
                var chunk = Read("big", fh, offset).Payload.Length;
                if (chunk == 0)
                {
                    break;
                }

                total += chunk;
            }

            total.Should().Be(10_000);
            Send(RequestBuilder.With(FuseOpcode.Release, _tree.Resolve("big")!.NodeId, new FuseReleaseIn { Fh = fh })).Error.Should().Be(0);
        }

        _meter.Rendered.Should().Be(5, "three READs with data and one at the end make one read each time");
        _meter.Failed.Should().Be(0);
        _meter.LastElapsed.Should().BeGreaterThanOrEqualTo(0).And.BeLessThan(Stopwatch.Frequency, "the start is taken just before rendering");
    }

    [Fact]
    public void A_render_at_open_counts_only_when_a_read_takes_it_and_one_that_fails_is_no_error_until_the_read_fails()
    {
        var fh = Open("big", uid: 0).As<FuseOpenOut>().Fh;
        var failing = Open("fails", uid: 0).As<FuseOpenOut>().Fh;
        var neverRead = Open("big", uid: 0).As<FuseOpenOut>().Fh;
        FuseProtocolServer.RunDeferred();
        _meter.Rendered.Should().Be(0, "an OPEN never read (as the healing pass probes files) is no read");

        Read("big", fh, 0).Payload.Length.Should().Be(4096);

        _meter.Rendered.Should().Be(1, "the read took the rendering made at its OPEN");
        _failingMeter.Failed.Should().Be(0);
        Read("fails", failing, 0).Error.Should().Be(-Errno.EIO);
        _failingMeter.Failed.Should().Be(1);
        Send(RequestBuilder.With(FuseOpcode.Release, _tree.Resolve("big")!.NodeId, new FuseReleaseIn { Fh = neverRead })).Error.Should().Be(0);
        _meter.Rendered.Should().Be(1);
    }

    [Fact]
    public void A_reread_from_offset_0_of_an_open_file_is_another_read()
    {
        var fh = Open("big", uid: 0).As<FuseOpenOut>().Fh;

        Read("big", fh, 0);
        Read("big", fh, 0);

        _meter.Rendered.Should().Be(2, "top and free re-read an open file from 0 and get fresh content each time");
    }

    [Fact]
    public void An_open_refused_and_a_render_that_throws_are_failures_not_reads()
    {
        Open("big", uid: 1000).Error.Should().Be(-Errno.EACCES);
        Open("big", uid: 0, flags: 0x8001).Error.Should().Be(-Errno.EACCES);
        var fh = Open("fails", uid: 0).As<FuseOpenOut>().Fh;
        Read("fails", fh, 0).Error.Should().Be(-Errno.EIO);

        _meter.Failed.Should().Be(2);
        _meter.Rendered.Should().Be(0);
        _failingMeter.Failed.Should().Be(1);
        _failingMeter.Rendered.Should().Be(0);
    }

    [Fact]
    public void A_file_without_a_meter_is_served_as_before()
    {
        var fh = Open("unmetered", uid: 0).As<FuseOpenOut>().Fh;

        Read("unmetered", fh, 0).Payload.Should().Equal("x\n"u8.ToArray());
    }

    private Reply Send(byte[] request) => Reply.Parse(_reply, _server.HandleRequest(request, _reply));

    private Reply Open(string path, uint uid, uint flags = 0x8000) =>
        Send(RequestBuilder.With(FuseOpcode.Open, _tree.Resolve(path)!.NodeId, new FuseOpenIn { Flags = flags }, uid: uid));

    private Reply Read(string path, ulong fh, ulong offset) =>
        Send(RequestBuilder.With(FuseOpcode.Read, _tree.Resolve(path)!.NodeId, new FuseReadIn { Fh = fh, Offset = offset, Size = 4096 }));

    private sealed class RecordingMeter : IReadMeter
    {
        public int Rendered { get; private set; }

        public int Failed { get; private set; }

        public long LastElapsed { get; private set; } = -1;

        void IReadMeter.Rendered(long startTimestamp)
        {
            Rendered++;
            LastElapsed = Stopwatch.GetTimestamp() - startTimestamp;
        }

        void IReadMeter.Failed() => Failed++;
    }
}
