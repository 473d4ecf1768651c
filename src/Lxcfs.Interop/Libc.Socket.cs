using System.Runtime.InteropServices;

namespace Lxcfs.Interop;

public static partial class Libc
{
    public const int SOL_SOCKET = 1;
    public const int SCM_RIGHTS = 1;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;

    [LibraryImport(Lib, EntryPoint = "sendmsg", SetLastError = true)]
    public static unsafe partial nint SendMsg(nint socket, MsgHdr* message, int flags);

    [LibraryImport(Lib, EntryPoint = "recvmsg", SetLastError = true)]
    public static unsafe partial nint RecvMsg(nint socket, MsgHdr* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct IoVec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct MsgHdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public IoVec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    /// <summary>struct cmsghdr followed by one int: the control message carrying a single descriptor.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgOneFd
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
        public int fd;
        public int padding;
    }

    /// <summary>CMSG_LEN(sizeof(int)): the header (16 bytes on 64-bit) plus the descriptor.</summary>
    public const int CmsgLenOneFd = 16 + sizeof(int);
}
