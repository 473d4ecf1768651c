using System.Runtime.CompilerServices;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Protocol;

/// <summary>The dispatch table: one row per opcode this server answers; every other opcode gets ENOSYS.</summary>
internal static class FuseOperationTable
{
    private static readonly FuseOperation?[] s_byOpcode = Build();

    public static FuseOperation? Find(FuseOpcode opcode) => (uint)opcode < (uint)s_byOpcode.Length ? s_byOpcode[(int)opcode] : null;

    private static FuseOperation?[] Build()
    {
        var table = new FuseOperation?[(int)FuseOpcode.Statx + 1];
        void Add(FuseOpcode op, int inputSize, FuseHandler handler, bool replies = true) => table[(int)op] = new(op.ToString().ToUpperInvariant(), inputSize, handler, replies);

        Add(FuseOpcode.Init, 16, static (s, r, o) => s.Init(r, o));
        Add(FuseOpcode.Destroy, 0, static (s, r, o) => s.Destroy(r, o));
        Add(FuseOpcode.Lookup, 0, static (s, r, o) => s.Lookup(r, o));
        Add(FuseOpcode.Getattr, 0, static (s, r, o) => s.Getattr(r, o));
        Add(FuseOpcode.Statfs, 0, static (s, r, o) => s.Statfs(r, o));
        Add(FuseOpcode.Access, Unsafe.SizeOf<FuseAccessIn>(), static (s, r, o) => s.Access(r, o));
        Add(FuseOpcode.Open, Unsafe.SizeOf<FuseOpenIn>(), static (s, r, o) => s.Open(r, o));
        Add(FuseOpcode.Read, Unsafe.SizeOf<FuseReadIn>(), static (s, r, o) => s.Read(r, o));
        Add(FuseOpcode.Flush, 0, static (_, r, o) => FuseReply.Ok(o, r.Header.Unique));
        Add(FuseOpcode.Release, Unsafe.SizeOf<FuseReleaseIn>(), static (s, r, o) => s.Release(r, o));
        Add(FuseOpcode.Opendir, Unsafe.SizeOf<FuseOpenIn>(), static (s, r, o) => s.Opendir(r, o));
        Add(FuseOpcode.Readdir, Unsafe.SizeOf<FuseReadIn>(), static (s, r, o) => s.Readdir(r, o, plus: false));
        Add(FuseOpcode.Readdirplus, Unsafe.SizeOf<FuseReadIn>(), static (s, r, o) => s.Readdir(r, o, plus: true));
        Add(FuseOpcode.Releasedir, 0, static (_, r, o) => FuseReply.Ok(o, r.Header.Unique));
        Add(FuseOpcode.Getxattr, Unsafe.SizeOf<FuseGetxattrIn>(), static (s, r, o) => s.Getxattr(r, o));
        Add(FuseOpcode.Listxattr, Unsafe.SizeOf<FuseGetxattrIn>(), static (s, r, o) => s.Listxattr(r, o));

        // The kernel expects no reply to these. The tree is static, so lookup counts need no bookkeeping,
        // and every request is answered promptly, so an interrupt has nothing to cut short.
        Add(FuseOpcode.Forget, Unsafe.SizeOf<FuseForgetIn>(), static (_, _, _) => 0, replies: false);
        Add(FuseOpcode.BatchForget, Unsafe.SizeOf<FuseBatchForgetIn>(), static (_, _, _) => 0, replies: false);
        Add(FuseOpcode.Interrupt, Unsafe.SizeOf<FuseInterruptIn>(), static (_, _, _) => 0, replies: false);

        // isatty() on every Python open: the truthful answer, and not remembered by the kernel as ENOSYS would not be either.
        Add(FuseOpcode.Ioctl, 0, static (_, r, o) => FuseReply.Error(o, r.Header.Unique, Errno.ENOTTY));

        foreach (var op in new[]
        {
            FuseOpcode.Setattr, FuseOpcode.Symlink, FuseOpcode.Mknod, FuseOpcode.Mkdir, FuseOpcode.Unlink,
            FuseOpcode.Rmdir, FuseOpcode.Rename, FuseOpcode.Rename2, FuseOpcode.Link, FuseOpcode.Write,
            FuseOpcode.Create, FuseOpcode.Setxattr, FuseOpcode.Removexattr, FuseOpcode.Fallocate,
            FuseOpcode.CopyFileRange, FuseOpcode.Tmpfile,
        })
        {
            Add(op, 0, static (_, r, o) => FuseReply.Error(o, r.Header.Unique, Errno.EROFS));
        }

        return table;
    }
}
