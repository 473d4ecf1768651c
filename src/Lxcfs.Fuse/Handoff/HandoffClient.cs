using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Fuse.Handoff;

/// <summary>Both ends of the hand-off conversation: the successor asks, the predecessor gives, the successor confirms or refuses.</summary>
public static class HandoffClient
{
    // Snapshots of open files dominate; a thousand open 128 KiB snapshots stay far below this.
    private const int MaxStateBytes = 256 << 20;

    /// <summary>
    /// Asks the instance listening at <paramref name="path"/> for its connection to <paramref name="mountPoint"/>.
    /// Returns null when no instance answers there or it serves another mount point (start fresh);
    /// otherwise the received device, the state, and the socket on which to <see cref="Confirm"/> once
    /// serving, or <see cref="Refuse"/> so that the predecessor serves on.
    /// </summary>
    public static (FuseDevice Device, HandoffState State, Socket Predecessor)? TryTakeOver(string path, string mountPoint, TimeSpan timeout)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // A predecessor of the first release knows no format word and refuses the request: ask again as it expects.
        return TryTakeOver(path, HandoffListener.RequestLine(mountPoint, HandoffListener.NewestFormat), timeout, out var refused)
            ?? (refused ? TryTakeOver(path, HandoffListener.RequestLine(mountPoint, null), timeout, out _) : null);
    }

    /// <summary>Tells the predecessor we serve now, so it can let go.</summary>
    public static void Confirm(Socket predecessor)
    {
        ArgumentNullException.ThrowIfNull(predecessor);
        predecessor.Send(Encoding.ASCII.GetBytes(HandoffListener.Confirmation));
        predecessor.Dispose();
    }

    /// <summary>Tells the predecessor this instance cannot take over (it serves on), and why.</summary>
    public static void Refuse(Socket predecessor, string why)
    {
        ArgumentNullException.ThrowIfNull(predecessor);
        HandoffListener.Refuse(predecessor, why.ReplaceLineEndings(" "));
    }

    /// <summary>
    /// The predecessor's side: sends the connection and the state in the request's format, then waits for
    /// the successor's answer. True when it confirmed; otherwise <paramref name="why"/> says what it said.
    /// </summary>
    public static bool Give(HandoffRequest request, FuseDevice device, HandoffState state, TimeSpan timeout, out string why)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        var payload = HandoffCodec.Encode(state, request.Format);
        var successor = request.Successor;
        successor.Send(Encoding.ASCII.GetBytes(HandoffListener.Granted));
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, payload.Length);
        DescriptorPassing.Send(successor, device.Fd, prefix);
        successor.Send(payload);
        successor.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        var answer = HandoffListener.ReadLine(successor);
        why = answer.Length == 0 ? "it went away without an answer" : answer.TrimEnd('\n');
        return answer == HandoffListener.Confirmation;
    }

    private static (FuseDevice Device, HandoffState State, Socket Predecessor)? TryTakeOver(string path, string requestLine, TimeSpan timeout, out bool refused)
    {
        refused = false;
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
            socket.Send(Encoding.ASCII.GetBytes(requestLine));
            var answer = HandoffListener.ReadLine(socket);
            if (answer != HandoffListener.Granted)
            {
                refused = answer.StartsWith(HandoffListener.RefusalVerb, StringComparison.Ordinal);
                socket.Dispose();
                return null;
            }

            Span<byte> prefix = stackalloc byte[4];
            var fd = DescriptorPassing.Receive(socket, prefix);
            var device = FuseDevice.Adopt(fd);
            try
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
                var payload = length is >= 0 and <= MaxStateBytes ? new byte[length] : throw new FuseException($"the predecessor announced {length} bytes of state");
                for (var read = 0; read < payload.Length;)
                {
                    var n = socket.Receive(payload.AsSpan(read));
                    read += n > 0 ? n : throw new FuseException("the predecessor closed the hand-off before sending its state");
                }

                return (device, HandoffCodec.Decode(payload), socket);
            }
            catch (FuseException e)
            {
                HandoffListener.Refuse(socket, e.Message);
                device.Dispose();
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
