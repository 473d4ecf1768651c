using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Handoff;

/// <summary>The successor's end of the hand-off.</summary>
public static class HandoffClient
{
    /// <summary>
    /// Asks the instance listening at <paramref name="path"/> for its connection to <paramref name="mountPoint"/>.
    /// Returns null when no instance answers there or it serves another mount point (start fresh);
    /// otherwise the received device, the state, and the socket on which to <see cref="Confirm"/> once serving.
    /// </summary>
    public static (FuseDevice Device, HandoffState State, Socket Predecessor)? TryTakeOver(string path, string mountPoint, TimeSpan timeout)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            // A socket file nobody listens on: its owner died. Start fresh.
            socket.Dispose();
            return null;
        }

        try
        {
            socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            socket.Send(Encoding.ASCII.GetBytes(HandoffListener.RequestVerb + mountPoint + "\n"));
            if (HandoffListener.ReadLine(socket) != HandoffListener.Granted)
            {
                socket.Dispose();
                return null;
            }

            Span<byte> prefix = stackalloc byte[4];
            var fd = DescriptorPassing.Receive(socket, prefix);
            var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
            for (var read = 0; read < payload.Length;)
            {
                var n = socket.Receive(payload.AsSpan(read));
                read += n > 0 ? n : throw new FuseException("the predecessor closed the hand-off before sending its state");
            }

            return (FuseDevice.Adopt(fd), HandoffCodec.Decode(payload), socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Tells the predecessor we serve now, so it can let go.</summary>
    public static void Confirm(Socket predecessor)
    {
        ArgumentNullException.ThrowIfNull(predecessor);
        predecessor.Send(Encoding.ASCII.GetBytes(HandoffListener.Confirmation));
        predecessor.Dispose();
    }

    /// <summary>The predecessor's side: sends the connection and the state, then waits for the confirmation.</summary>
    public static bool Give(Socket successor, FuseDevice device, HandoffState state, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(successor);
        ArgumentNullException.ThrowIfNull(device);
        var payload = HandoffCodec.Encode(state);
        successor.Send(Encoding.ASCII.GetBytes(HandoffListener.Granted));
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, payload.Length);
        DescriptorPassing.Send(successor, device.Fd, prefix);
        successor.Send(payload);
        successor.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        return HandoffListener.ReadLine(successor) == HandoffListener.Confirmation;
    }
}
