using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lxcfs.Fuse.Interop;

internal static partial class Libc
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLIN = 0x1;
    public const uint EPOLLEXCLUSIVE = 1u << 28;

    [LibraryImport(Lib, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    /// <summary><paramref name="eventBuffer"/> points at a struct epoll_event laid out by <see cref="EpollEvent"/>.</summary>
    [LibraryImport(Lib, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static unsafe partial int EpollCtl(int epfd, int op, int fd, byte* eventBuffer);

    [LibraryImport(Lib, EntryPoint = "epoll_wait", SetLastError = true)]
    public static unsafe partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    /// <summary>
    /// struct epoll_event is packed on x86_64 (12 bytes: events, then data at offset 4) and naturally
    /// aligned elsewhere (16 bytes: data at offset 8).
    /// </summary>
    public static class EpollEvent
    {
        public static readonly int Size = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

        private static readonly int s_dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

        public static unsafe void Write(byte* at, uint events, ulong data)
        {
            *(uint*)at = events;
            Unsafe.WriteUnaligned(at + s_dataOffset, data);
        }

        public static unsafe ulong Data(byte* at) => Unsafe.ReadUnaligned<ulong>(at + s_dataOffset);
    }
}
