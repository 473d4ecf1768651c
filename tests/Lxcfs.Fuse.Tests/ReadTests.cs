using System.Text;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Tests;

/// <summary>
/// Content is rendered right after OPEN for the opener's first read, and afresh at every other read at offset 0;
/// later reads continue in that snapshot.
/// </summary>
public sealed class ReadTests
{
    private readonly ServerFixture _fixture = new();

    [Fact]
    public void Open_answers_direct_io_without_flush_and_a_fresh_handle()
    {
        var reply = _fixture.Send(RequestBuilder.With(FuseOpcode.Open, _fixture.Node("proc/counter"), new FuseOpenIn { Flags = 0x8000 }));

        var open = reply.As<FuseOpenOut>();
        open.OpenFlags.Should().Be(FuseOpenOptions.DirectIo | FuseOpenOptions.NoFlush);
        _fixture.Open("proc/counter").Should().NotBe(open.Fh);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(0x8001u)]
    public void Opening_for_writing_is_refused_with_EACCES(uint flags)
    {
        _fixture.Send(RequestBuilder.With(FuseOpcode.Open, _fixture.Node("proc/counter"), new FuseOpenIn { Flags = flags })).Error.Should().Be(-Errno.EACCES);
    }

    [Fact]
    public void Opening_a_directory_as_a_file_gets_EISDIR()
    {
        _fixture.Send(RequestBuilder.With(FuseOpcode.Open, _fixture.Node("proc"), new FuseOpenIn())).Error.Should().Be(-Errno.EISDIR);
    }

    [Fact]
    public void Reads_in_small_chunks_continue_in_the_snapshot_of_the_offset_0_read()
    {
        var fh = _fixture.Open("proc/counter");
        var content = new List<byte>();
        for (ulong offset = 0; ; offset += 3)
        {
            var chunk = _fixture.Read("proc/counter", fh, offset, 3);
            if (chunk.Length == 0)
            {
                break;
            }

            content.AddRange(chunk);
        }

        Encoding.ASCII.GetString([.. content]).Should().Be("render 1 by pid 4242\n", "one rendering, never a mix of two");
    }

    [Fact]
    public void A_new_read_at_offset_0_renders_anew_for_its_caller()
    {
        var fh = _fixture.Open("proc/counter", pid: 10);

        Encoding.ASCII.GetString(_fixture.Read("proc/counter", fh, 0, 4096, pid: 10)).Should().Be("render 1 by pid 10\n");
        Encoding.ASCII.GetString(_fixture.Read("proc/counter", fh, 0, 4096, pid: 10)).Should().Be("render 2 by pid 10\n");
        Encoding.ASCII.GetString(_fixture.Read("proc/counter", fh, 0, 4096, pid: 11)).Should().Be("render 3 by pid 11\n");
    }

    [Fact]
    public void The_openers_first_read_takes_the_content_rendered_once_its_open_was_answered()
    {
        var fh = _fixture.Open("proc/counter", pid: 10);
        FuseProtocolServer.RunDeferred();

        _fixture.Renders.Should().Be(1, "the session renders right after writing the OPEN reply");
        Encoding.ASCII.GetString(_fixture.Read("proc/counter", fh, 0, 4096, pid: 10)).Should().Be("render 1 by pid 10\n");
        _fixture.Renders.Should().Be(1, "the read took that content instead of rendering again");
    }

    [Fact]
    public void A_first_read_by_another_process_than_the_opener_renders_for_its_own_caller()
    {
        var fh = _fixture.Open("proc/counter", pid: 10);
        FuseProtocolServer.RunDeferred();

        Encoding.ASCII.GetString(_fixture.Read("proc/counter", fh, 0, 4096, pid: 11)).Should().Be("render 2 by pid 11\n");
    }

    [Fact]
    public void A_read_that_came_before_the_render_at_open_keeps_its_snapshot()
    {
        var fh = _fixture.Open("proc/counter", pid: 10);
        var handle = _fixture.Server.OpenHandle(fh)!;
        var first = _fixture.Read("proc/counter", fh, 0, 3, pid: 10); // the driver ran the deferred render first

        handle.RenderAtOpen(new Lxcfs.Fuse.FileSystem.FuseCaller(10, 0, 0));

        _fixture.Renders.Should().Be(1);
        Encoding.ASCII.GetString([.. first, .. _fixture.Read("proc/counter", fh, 3, 100, pid: 10)]).Should().Be("render 1 by pid 10\n");
    }

    [Fact]
    public void A_handle_released_before_its_render_at_open_is_never_rendered()
    {
        var fh = _fixture.Open("proc/counter", pid: 10);
        _fixture.Server.OpenHandle(fh)!.Dispose(); // what a RELEASE answered by another reader thread does

        FuseProtocolServer.RunDeferred();

        _fixture.Renders.Should().Be(0);
    }

    [Fact]
    public void Without_render_at_open_nothing_is_rendered_before_the_first_read()
    {
        var fixture = new ServerFixture(renderAtOpen: false);
        var fh = fixture.Open("proc/counter", pid: 10);
        FuseProtocolServer.RunDeferred();

        fixture.Renders.Should().Be(0);
        Encoding.ASCII.GetString(fixture.Read("proc/counter", fh, 0, 4096, pid: 10)).Should().Be("render 1 by pid 10\n");
    }

    [Fact]
    public void A_render_at_open_that_fails_leaves_the_read_to_answer_EIO()
    {
        var fh = _fixture.Open("proc/fails", pid: 10);
        FuseProtocolServer.RunDeferred();

        _fixture.Send(RequestBuilder.With(FuseOpcode.Read, _fixture.Node("proc/fails"), new FuseReadIn { Fh = fh, Size = 4096 }, pid: 10))
            .Error.Should().Be(-Errno.EIO);
    }

    [Fact]
    public void Each_handle_keeps_its_own_snapshot()
    {
        var first = _fixture.Open("proc/counter");
        var second = _fixture.Open("proc/counter");
        _fixture.Read("proc/counter", first, 0, 2);
        _fixture.Read("proc/counter", second, 0, 2);

        Encoding.ASCII.GetString(_fixture.Read("proc/counter", first, 2, 100)).Should().Be("nder 1 by pid 4242\n");
        Encoding.ASCII.GetString(_fixture.Read("proc/counter", second, 2, 100)).Should().Be("nder 2 by pid 4242\n");
    }

    [Fact]
    public void A_first_read_past_offset_0_renders_on_demand()
    {
        var fh = _fixture.Open("proc/counter");

        Encoding.ASCII.GetString(_fixture.Read("proc/counter", fh, 7, 100)).Should().Be("1 by pid 4242\n");
    }

    [Theory]
    [InlineData(21ul)]
    [InlineData(22ul)]
    [InlineData(1ul << 40)]
    public void Reads_at_or_past_the_end_return_no_bytes(ulong offset)
    {
        var fh = _fixture.Open("proc/counter");
        _fixture.Read("proc/counter", fh, 0, 4096).Should().HaveCount(21);

        _fixture.Read("proc/counter", fh, offset, 4096).Should().BeEmpty();
    }

    [Fact]
    public void A_large_file_is_read_whole_in_128_KiB_requests()
    {
        var fh = _fixture.Open("proc/big");
        var content = new List<byte>();
        for (ulong offset = 0; ; )
        {
            var chunk = _fixture.Read("proc/big", fh, offset, 128 * 1024);
            if (chunk.Length == 0)
            {
                break;
            }

            chunk.Length.Should().BeLessThanOrEqualTo(128 * 1024);
            content.AddRange(chunk);
            offset += (ulong)chunk.Length;
        }

        content.Should().Equal(ServerFixture.BigContent);
    }

    [Fact]
    public void A_read_request_larger_than_the_reply_buffer_is_clamped_not_overrun()
    {
        var fh = _fixture.Open("proc/big");

        _fixture.Read("proc/big", fh, 0, uint.MaxValue).Length.Should().Be(128 * 1024);
    }

    [Fact]
    public void A_handle_issued_by_a_predecessor_is_adopted()
    {
        Encoding.ASCII.GetString(_fixture.Read("proc/counter", 0xDEAD_BEEF, 0, 4096)).Should().Be("render 1 by pid 4242\n");
    }

    [Fact]
    public void Release_forgets_the_handle_and_flush_succeeds()
    {
        var fh = _fixture.Open("proc/counter");
        _fixture.Read("proc/counter", fh, 0, 4096);
        var handles = _fixture.Server.OpenHandles;

        _fixture.Send(RequestBuilder.With(FuseOpcode.Flush, _fixture.Node("proc/counter"), new FuseReleaseIn { Fh = fh })).Error.Should().Be(0);
        _fixture.Send(RequestBuilder.With(FuseOpcode.Release, _fixture.Node("proc/counter"), new FuseReleaseIn { Fh = fh })).Error.Should().Be(0);

        _fixture.Server.OpenHandles.Should().Be(handles - 1);
    }

    [Theory]
    [InlineData(FuseOpcode.Write)]
    [InlineData(FuseOpcode.Setattr)]
    [InlineData(FuseOpcode.Create)]
    [InlineData(FuseOpcode.Mknod)]
    [InlineData(FuseOpcode.Mkdir)]
    [InlineData(FuseOpcode.Unlink)]
    [InlineData(FuseOpcode.Rmdir)]
    [InlineData(FuseOpcode.Rename)]
    [InlineData(FuseOpcode.Rename2)]
    [InlineData(FuseOpcode.Link)]
    [InlineData(FuseOpcode.Symlink)]
    [InlineData(FuseOpcode.Setxattr)]
    [InlineData(FuseOpcode.Removexattr)]
    [InlineData(FuseOpcode.Fallocate)]
    public void Every_change_gets_EROFS(FuseOpcode opcode)
    {
        _fixture.Send(RequestBuilder.Build(opcode, 1, new byte[128])).Error.Should().Be(-Errno.EROFS);
    }
}
