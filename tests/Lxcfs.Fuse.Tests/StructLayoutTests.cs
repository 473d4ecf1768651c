using System.Runtime.CompilerServices;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Tests;

/// <summary>Every wire struct has the size gcc gives the kernel header's struct (fuse-protocol.md §2).</summary>
public sealed class StructLayoutTests
{
    public static TheoryData<string, int, int> Sizes => new()
    {
        { "fuse_in_header", Unsafe.SizeOf<FuseInHeader>(), 40 },
        { "fuse_out_header", Unsafe.SizeOf<FuseOutHeader>(), 16 },
        { "fuse_init_in", Unsafe.SizeOf<FuseInitIn>(), 64 },
        { "fuse_init_out", Unsafe.SizeOf<FuseInitOut>(), 64 },
        { "fuse_attr", Unsafe.SizeOf<FuseAttr>(), 88 },
        { "fuse_entry_out", Unsafe.SizeOf<FuseEntryOut>(), 128 },
        { "fuse_attr_out", Unsafe.SizeOf<FuseAttrOut>(), 104 },
        { "fuse_getattr_in", Unsafe.SizeOf<FuseGetattrIn>(), 16 },
        { "fuse_open_in", Unsafe.SizeOf<FuseOpenIn>(), 8 },
        { "fuse_open_out", Unsafe.SizeOf<FuseOpenOut>(), 16 },
        { "fuse_read_in", Unsafe.SizeOf<FuseReadIn>(), 40 },
        { "fuse_release_in", Unsafe.SizeOf<FuseReleaseIn>(), 24 },
        { "fuse_forget_in", Unsafe.SizeOf<FuseForgetIn>(), 8 },
        { "fuse_batch_forget_in", Unsafe.SizeOf<FuseBatchForgetIn>(), 8 },
        { "fuse_forget_one", Unsafe.SizeOf<FuseForgetOne>(), 16 },
        { "fuse_kstatfs", Unsafe.SizeOf<FuseStatfsOut>(), 80 },
        { "fuse_access_in", Unsafe.SizeOf<FuseAccessIn>(), 8 },
        { "fuse_getxattr_in", Unsafe.SizeOf<FuseGetxattrIn>(), 8 },
        { "fuse_getxattr_out", Unsafe.SizeOf<FuseGetxattrOut>(), 8 },
        { "fuse_interrupt_in", Unsafe.SizeOf<FuseInterruptIn>(), 8 },
        { "fuse_dirent", Unsafe.SizeOf<FuseDirent>(), 24 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Struct_has_the_kernel_size(string kernelName, int actual, int expected) =>
        actual.Should().Be(expected, $"{kernelName} is {expected} bytes on the wire");
}
