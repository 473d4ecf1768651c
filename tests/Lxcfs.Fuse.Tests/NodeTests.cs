using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Tests;

/// <summary>Names, attributes, listings and the small requests tools send around reads.</summary>
public sealed class NodeTests
{
    private readonly ServerFixture _fixture = new();

    [Fact]
    public void Lookup_answers_the_node_with_its_attributes_and_long_timeouts()
    {
        var entry = _fixture.Send(RequestBuilder.Build(FuseOpcode.Lookup, _fixture.Node("proc"), RequestBuilder.Name("counter"))).As<FuseEntryOut>();

        entry.NodeId.Should().Be(_fixture.Node("proc/counter"));
        entry.EntryValid.Should().Be(3600);
        entry.AttrValid.Should().Be(1, "a file's size follows its host file");
        entry.Attr.Ino.Should().Be(entry.NodeId, "every node has its own inode number, or find reports loops");
        entry.Attr.Mode.Should().Be(0x8000u | 0x124u, "a regular file, 0444");
        entry.Attr.Nlink.Should().Be(1);
        entry.Attr.Size.Should().Be(0, "a file without a size function reports 0, like procfs");
    }

    [Fact]
    public void Lookup_of_a_missing_name_gets_ENOENT_and_under_a_file_ENOTDIR()
    {
        _fixture.Send(RequestBuilder.Build(FuseOpcode.Lookup, 1, RequestBuilder.Name("nope"))).Error.Should().Be(-Errno.ENOENT);
        _fixture.Send(RequestBuilder.Build(FuseOpcode.Lookup, _fixture.Node("proc/counter"), RequestBuilder.Name("x"))).Error.Should().Be(-Errno.ENOTDIR);
    }

    [Fact]
    public void Getattr_of_directories_gives_0755_root_and_0555_below_with_subdirectory_links()
    {
        var root = _fixture.Send(RequestBuilder.With(FuseOpcode.Getattr, 1, new FuseGetattrIn())).As<FuseAttrOut>();
        var proc = _fixture.Send(RequestBuilder.With(FuseOpcode.Getattr, _fixture.Node("proc"), new FuseGetattrIn())).As<FuseAttrOut>();

        root.Attr.Mode.Should().Be(0x4000u | 0x1EDu);
        root.Attr.Nlink.Should().Be(4, "2 + proc + sys");
        proc.Attr.Mode.Should().Be(0x4000u | 0x16Du);
        proc.Attr.Nlink.Should().Be(2);
    }

    [Theory]
    [InlineData("proc/counter", 4u, 0)]
    [InlineData("proc/counter", 2u, Errno.EACCES)]
    [InlineData("proc/counter", 1u, Errno.EACCES)]
    [InlineData("proc", 5u, 0)]
    [InlineData("proc", 2u, Errno.EACCES)]
    public void Access_allows_reading_and_listing_only(string path, uint mask, int errno)
    {
        _fixture.Send(RequestBuilder.With(FuseOpcode.Access, _fixture.Node(path), new FuseAccessIn { Mask = mask })).Error.Should().Be(-errno);
    }

    [Fact]
    public void Statfs_is_answered_so_df_works()
    {
        var statfs = _fixture.Send(RequestBuilder.Build(FuseOpcode.Statfs, 1, [])).As<FuseStatfsOut>();

        statfs.Bsize.Should().Be(4096);
        statfs.Namelen.Should().Be(255);
    }

    [Fact]
    public void There_are_no_extended_attributes()
    {
        var name = RequestBuilder.Name("security.selinux");
        _fixture.Send(RequestBuilder.With(FuseOpcode.Getxattr, 1, new FuseGetxattrIn { Size = 0 }, name)).Error.Should().Be(-Errno.ENODATA);
        _fixture.Send(RequestBuilder.With(FuseOpcode.Listxattr, 1, new FuseGetxattrIn { Size = 0 })).As<FuseGetxattrOut>().Size.Should().Be(0);
        _fixture.Send(RequestBuilder.With(FuseOpcode.Listxattr, 1, new FuseGetxattrIn { Size = 256 })).Payload.Should().BeEmpty();
    }

    [Theory]
    [InlineData(FuseOpcode.Forget)]
    [InlineData(FuseOpcode.BatchForget)]
    [InlineData(FuseOpcode.Interrupt)]
    public void Requests_without_replies_get_none(FuseOpcode opcode)
    {
        _fixture.Send(RequestBuilder.Build(opcode, 2, new byte[24])).Length.Should().Be(0);
    }

    [Theory]
    [InlineData(FuseOpcode.Ioctl, Errno.ENOTTY)]
    [InlineData(FuseOpcode.Statx, Errno.ENOSYS)]
    [InlineData(FuseOpcode.Poll, Errno.ENOSYS)]
    [InlineData(FuseOpcode.Lseek, Errno.ENOSYS)]
    [InlineData(FuseOpcode.Fsync, Errno.ENOSYS)]
    [InlineData(FuseOpcode.Getlk, Errno.ENOSYS)]
    public void Other_requests_get_the_errno_the_kernel_handles_best(FuseOpcode opcode, int errno)
    {
        _fixture.Send(RequestBuilder.Build(opcode, 2, new byte[64])).Error.Should().Be(-errno);
    }

    [Fact]
    public void Opendir_succeeds_on_directories_only()
    {
        _fixture.Send(RequestBuilder.With(FuseOpcode.Opendir, 1, new FuseOpenIn())).Error.Should().Be(0);
        _fixture.Send(RequestBuilder.With(FuseOpcode.Opendir, _fixture.Node("proc/counter"), new FuseOpenIn())).Error.Should().Be(-Errno.ENOTDIR);
    }

    [Fact]
    public void Readdir_lists_dot_entries_then_children_in_order()
    {
        var listing = Readdir(_fixture.Node("proc"), 0, 4096, plus: false);

        listing.Select(e => (e.Name, e.Type)).Should().Equal((".", 4u), ("..", 4u), ("counter", 8u), ("big", 8u), ("fails", 8u));
        listing.Select(e => e.Next).Should().Equal(1ul, 2ul, 3ul, 4ul, 5ul);
        listing[2].Ino.Should().Be(_fixture.Node("proc/counter"));
        Readdir(_fixture.Node("proc"), 5, 4096, plus: false).Should().BeEmpty("an empty reply ends the listing");
    }

    [Fact]
    public void Readdir_continues_from_the_offset_when_the_buffer_is_small()
    {
        var names = new List<string>();
        for (ulong offset = 0; ; )
        {
            var page = Readdir(_fixture.Node("proc"), offset, 40, plus: false);
            if (page.Count == 0)
            {
                break;
            }

            page.Should().HaveCount(1, "a 40-byte buffer holds one record");
            names.Add(page[0].Name);
            offset = page[^1].Next;
        }

        names.Should().Equal(".", "..", "counter", "big", "fails");
    }

    [Fact]
    public void Readdirplus_gives_full_entries_and_zeroed_ones_for_dot_entries()
    {
        var reply = _fixture.Send(RequestBuilder.With(FuseOpcode.Readdirplus, _fixture.Node("proc"), new FuseReadIn { Size = 4096 }));
        var payload = reply.Payload.AsSpan();
        var entries = new List<(FuseEntryOut Entry, string Name)>();
        while (payload.Length > 0)
        {
            var entry = MemoryMarshal.Read<FuseEntryOut>(payload);
            var dirent = MemoryMarshal.Read<FuseDirent>(payload[128..]);
            entries.Add((entry, Encoding.UTF8.GetString(payload.Slice(152, (int)dirent.NameLen))));
            payload = payload[(128 + ((24 + (int)dirent.NameLen + 7) & ~7))..];
        }

        entries.Select(e => e.Name).Should().Equal(".", "..", "counter", "big", "fails");
        entries[0].Entry.NodeId.Should().Be(0);
        entries[1].Entry.NodeId.Should().Be(0);
        entries[2].Entry.NodeId.Should().Be(_fixture.Node("proc/counter"));
        entries[2].Entry.Attr.Mode.Should().Be(0x8124u);
    }

    private List<(string Name, uint Type, ulong Ino, ulong Next)> Readdir(ulong node, ulong offset, uint size, bool plus)
    {
        var reply = _fixture.Send(RequestBuilder.With(plus ? FuseOpcode.Readdirplus : FuseOpcode.Readdir, node, new FuseReadIn { Offset = offset, Size = size }));
        reply.Error.Should().Be(0);
        reply.Payload.Length.Should().BeLessThanOrEqualTo((int)size);
        var entries = new List<(string, uint, ulong, ulong)>();
        var payload = reply.Payload.AsSpan();
        while (payload.Length > 0)
        {
            var dirent = MemoryMarshal.Read<FuseDirent>(payload);
            entries.Add((Encoding.UTF8.GetString(payload.Slice(Unsafe.SizeOf<FuseDirent>(), (int)dirent.NameLen)), dirent.Type, dirent.Ino, dirent.Off));
            payload = payload[((24 + (int)dirent.NameLen + 7) & ~7)..];
        }

        return entries;
    }
}
