using System.Buffers;
using Lxcfs.Buffers;
using Lxcfs.Fuse.FileSystem;

namespace Lxcfs.Fuse.Tests;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Grows_without_ever_truncating()
    {
        using var writer = new PooledBufferWriter(16);
        var expected = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        foreach (var chunk in expected.Chunk(333))
        {
            writer.Write(chunk);
        }

        writer.WrittenSpan.ToArray().Should().Equal(expected);
    }

    [Fact]
    public void Reset_starts_over_and_advance_past_the_buffer_throws()
    {
        using var writer = new PooledBufferWriter(16);
        writer.Write("abc"u8);
        writer.Reset();
        writer.Write("z"u8);

        writer.WrittenSpan.ToArray().Should().Equal("z"u8.ToArray());
        var act = () => writer.Advance(1 << 20);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
