namespace Lxcfs.Fuse.FileSystem;

/// <summary>
/// Who issued a request, as the kernel reports it: the calling thread's id in the mounter's pid
/// namespace (0 when the caller is not visible there) and its fsuid/fsgid.
/// </summary>
public readonly record struct FuseCaller(int Pid, uint Uid, uint Gid);
