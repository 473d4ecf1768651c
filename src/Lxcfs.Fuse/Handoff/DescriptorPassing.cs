using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lxcfs.Fuse.Session;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Handoff;

/// <summary>Sends and receives one file descriptor with a small payload over a unix socket (SCM_RIGHTS).</summary>
internal static class DescriptorPassing
{
    public static unsafe void Send(Socket socket, int fd, ReadOnlySpan<byte> payload)
    {
        fixed (byte* data = payload)
        {
            var iov = new Libc.IoVec { iov_base = data, iov_len = (nuint)payload.Length };
            var control = new Libc.CmsgOneFd { cmsg_len = Libc.CmsgLenOneFd, cmsg_level = Libc.SOL_SOCKET, cmsg_type = Libc.SCM_RIGHTS, fd = fd };
            var message = new Libc.MsgHdr { msg_iov = &iov, msg_iovlen = 1, msg_control = &control, msg_controllen = (nuint)sizeof(Libc.CmsgOneFd) };
            if (Libc.SendMsg(socket.SafeHandle.DangerousGetHandle(), &message, 0) != payload.Length)
            {
                throw FuseException.FromErrno("sending the FUSE connection to the successor failed", Marshal.GetLastPInvokeError());
            }
        }
    }

    /// <summary>Receives exactly <paramref name="payload"/>.Length bytes; returns the descriptor that came with them.</summary>
    public static unsafe int Receive(Socket socket, Span<byte> payload)
    {
        fixed (byte* data = payload)
        {
            var iov = new Libc.IoVec { iov_base = data, iov_len = (nuint)payload.Length };
            var control = default(Libc.CmsgOneFd);
            var message = new Libc.MsgHdr { msg_iov = &iov, msg_iovlen = 1, msg_control = &control, msg_controllen = (nuint)sizeof(Libc.CmsgOneFd) };
            var n = Libc.RecvMsg(socket.SafeHandle.DangerousGetHandle(), &message, Libc.MSG_CMSG_CLOEXEC);
            if (n != payload.Length)
            {
                throw n < 0
                    ? FuseException.FromErrno("receiving the FUSE connection from the predecessor failed", Marshal.GetLastPInvokeError())
                    : new FuseException($"the predecessor sent {n} bytes instead of {payload.Length}");
            }

            if (message.msg_controllen < Libc.CmsgLenOneFd || control.cmsg_level != Libc.SOL_SOCKET || control.cmsg_type != Libc.SCM_RIGHTS)
            {
                throw new FuseException("the predecessor's message carried no descriptor");
            }

            return control.fd;
        }
    }
}
