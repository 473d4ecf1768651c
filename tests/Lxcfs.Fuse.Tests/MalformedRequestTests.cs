using System.Runtime.InteropServices;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Tests;

/// <summary>Hostile or broken input costs one error reply, never the server.</summary>
public sealed class MalformedRequestTests
{
    private readonly ServerFixture _fixture = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(39)]
    public void A_fragment_shorter_than_a_header_gets_no_reply(int length)
    {
        var bytes = RequestBuilder.Build(FuseOpcode.Getattr, 1, new byte[16]).AsSpan(0, length).ToArray();

        _fixture.Send(bytes).Length.Should().Be(0, "there is no unique to answer");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void A_header_whose_length_lies_gets_EIO(int claimed)
    {
        var bytes = RequestBuilder.With(FuseOpcode.Getattr, 1, new FuseGetattrIn());
        MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(0, 4))[0] = (uint)claimed;

        var reply = _fixture.Send(bytes);

        reply.Error.Should().Be(-Errno.EIO);
        reply.Unique.Should().Be(MemoryMarshal.Read<FuseInHeader>(bytes).Unique);
    }

    [Fact]
    public void Extension_length_past_the_request_gets_EIO()
    {
        var bytes = RequestBuilder.With(FuseOpcode.Getattr, 1, new FuseGetattrIn());
        bytes[36] = 200; // total_extlen: 1600 bytes of extensions in a 56-byte request

        _fixture.Send(bytes).Error.Should().Be(-Errno.EIO);
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(53u)]
    [InlineData(4096u)]
    [InlineData(uint.MaxValue)]
    public void Unknown_opcodes_get_ENOSYS(uint opcode)
    {
        _fixture.Send(RequestBuilder.Build((FuseOpcode)opcode, 1, new byte[64])).Error.Should().Be(-Errno.ENOSYS);
    }

    [Theory]
    [InlineData(FuseOpcode.Read)]
    [InlineData(FuseOpcode.Open)]
    [InlineData(FuseOpcode.Access)]
    [InlineData(FuseOpcode.Release)]
    [InlineData(FuseOpcode.Getxattr)]
    public void A_payload_shorter_than_its_struct_gets_EIO(FuseOpcode opcode)
    {
        _fixture.Send(RequestBuilder.Build(opcode, _fixture.Node("proc/counter"), new byte[3])).Error.Should().Be(-Errno.EIO);
    }

    [Fact]
    public void A_truncated_forget_is_dropped_silently_since_forget_takes_no_reply()
    {
        _fixture.Send(RequestBuilder.Build(FuseOpcode.Forget, 2, new byte[3])).Length.Should().Be(0);
    }

    [Fact]
    public void A_name_without_terminator_gets_EINVAL()
    {
        _fixture.Send(RequestBuilder.Build(FuseOpcode.Lookup, 1, "proc"u8)).Error.Should().Be(-Errno.EINVAL);
    }

    [Fact]
    public void A_getxattr_name_without_terminator_gets_EINVAL()
    {
        var request = RequestBuilder.With(FuseOpcode.Getxattr, 1, new FuseGetxattrIn { Size = 64 }, "user.x"u8);

        _fixture.Send(request).Error.Should().Be(-Errno.EINVAL);
    }

    [Fact]
    public void Unknown_node_ids_get_ENOENT()
    {
        _fixture.Send(RequestBuilder.With(FuseOpcode.Getattr, 999, new FuseGetattrIn())).Error.Should().Be(-Errno.ENOENT);
        _fixture.Send(RequestBuilder.Build(FuseOpcode.Lookup, 0, RequestBuilder.Name("proc"))).Error.Should().Be(-Errno.ENOENT);
    }

    [Fact]
    public void A_renderer_that_throws_costs_that_read_EIO_and_the_server_goes_on()
    {
        var fh = _fixture.Open("proc/fails");

        _fixture.Send(RequestBuilder.With(FuseOpcode.Read, _fixture.Node("proc/fails"), new FuseReadIn { Fh = fh, Size = 4096 })).Error.Should().Be(-Errno.EIO);
        _fixture.Read("sys/devices/system/cpu/online", _fixture.Open("sys/devices/system/cpu/online"), 0, 4096).Should().Equal("0-1\n"u8.ToArray());
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        var reply = new byte[FuseProtocolServer.MinReplyBufferSize];
        for (var i = 0; i < 20_000; i++)
        {
            var request = RequestBuilder.Build((FuseOpcode)random.Next(0, 60), (ulong)random.Next(0, 20), RandomBody(random));
            if (random.Next(4) == 0)
            {
                request = request.AsSpan(0, random.Next(request.Length)).ToArray();
            }

            var length = _fixture.Server.HandleRequest(request, reply);
            if (length > 0)
            {
                MemoryMarshal.Read<FuseOutHeader>(reply).Len.Should().Be((uint)length);
            }
        }
    }

    private static byte[] RandomBody(Random random)
    {
        var body = new byte[random.Next(0, 200)];
        random.NextBytes(body);
        return body;
    }
}
