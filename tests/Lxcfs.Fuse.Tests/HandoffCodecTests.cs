using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Handoff;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Tests;

/// <summary>The hand-off message in both formats, and what a successor does with bytes it cannot read.</summary>
public sealed class HandoffCodecTests
{
    private static readonly HandoffState State = new(
        new FuseNegotiated(7, 38, 0x41, 0, 4096, 131072),
        [new(1, "", true), new(2, "proc", true), new(4, "proc/meminfo", false), new(9, "proc/gone", false), new(15, "proc/ünïcode", false)],
        [new HandleSnapshot(77, 4, "MemTotal: 1 kB\n"u8.ToArray()), new HandleSnapshot(78, 4, null)],
        [1, 2, 3]);

    [Fact]
    public void Format_2_carries_every_node_identity_handle_and_the_view_state()
    {
        var decoded = HandoffCodec.Decode(HandoffCodec.Encode(State, HandoffFormat.NodesByPath));

        decoded.Negotiated.Should().Be(State.Negotiated);
        decoded.Nodes.Should().Equal(State.Nodes);
        decoded.Handles.Select(h => (h.Fh, h.NodeId, h.Snapshot is null ? null : Convert.ToHexString(h.Snapshot)))
            .Should().Equal(State.Handles.Select(h => (h.Fh, h.NodeId, h.Snapshot is null ? null : Convert.ToHexString(h.Snapshot))));
        decoded.ViewState.Should().Equal(State.ViewState);
    }

    [Fact]
    public void Format_1_is_what_the_first_release_reads_and_carries_no_nodes()
    {
        var bytes = HandoffCodec.Encode(State, HandoffFormat.First);

        bytes.AsSpan(0, 8).ToArray().Should().Equal("LXCFSHO1"u8.ToArray());
        bytes.Length.Should().Be(8 + (6 * 4) + 4 + (8 + 8 + 4 + 15) + (8 + 8 + 4) + 4 + 3, "the first release's layout, byte for byte");
        var decoded = HandoffCodec.Decode(bytes);
        decoded.Nodes.Should().BeNull();
        decoded.Handles.Should().HaveCount(2);
        decoded.ViewState.Should().Equal(State.ViewState);
    }

    [Fact]
    public void An_unknown_format_is_named_in_the_error()
    {
        var bytes = HandoffCodec.Encode(State, HandoffFormat.NodesByPath);
        bytes[7] = (byte)'9';

        var decode = () => HandoffCodec.Decode(bytes);

        decode.Should().Throw<FuseException>().WithMessage("*'LXCFSHO9'*format this version does not read*");
    }

    [Fact]
    public void Every_truncation_of_a_message_is_an_error_never_a_partial_state()
    {
        var bytes = HandoffCodec.Encode(State, HandoffFormat.NodesByPath);

        for (var length = 0; length < bytes.Length; length++)
        {
            var decode = () => HandoffCodec.Decode(bytes.AsSpan(0, length));
            decode.Should().Throw<FuseException>($"{length} of {bytes.Length} bytes");
        }
    }

    [Fact]
    public void A_node_of_an_unknown_kind_is_an_error()
    {
        var bytes = HandoffCodec.Encode(State with { Nodes = [new(2, "proc", true)], Handles = [] }, HandoffFormat.NodesByPath);
        bytes[8 + 24 + 4 + 8] = 7;

        var decode = () => HandoffCodec.Decode(bytes);

        decode.Should().Throw<FuseException>().WithMessage("*unknown kind 7*");
    }
}
