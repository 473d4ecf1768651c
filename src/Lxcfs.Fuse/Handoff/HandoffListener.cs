using System.Net.Sockets;
using System.Text;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Handoff;

/// <summary>
/// The running instance's end of the upgrade hand-off: a unix socket on which a successor asks for the
/// connection. Accepting runs on a background thread; <see cref="Requested"/> is set when a successor
/// has asked, and <see cref="TakeRequest"/> hands its socket to the serving loop.
/// A request is <c>TAKEOVER &lt;mount point&gt; FORMAT &lt;newest format the successor reads&gt;</c>; the first
/// release sent no format and reads only format 1.
/// </summary>
public sealed class HandoffListener : IDisposable
{
    public const string RequestVerb = "TAKEOVER ";
    public const string FormatWord = " FORMAT ";
    public const string RefusalVerb = "REFUSED ";
    public const HandoffFormat NewestFormat = HandoffFormat.NodesByPath;
    public const string Granted = "GIVE\n";
    public const string Confirmation = "OK\n";

    private readonly Socket _listener;
    private readonly Thread _acceptor;
    private readonly ManualResetEventSlim _requested = new();
    private HandoffRequest? _pending;
    private volatile bool _disposed;

    private readonly string _mountPoint;

    private HandoffListener(string path, Socket listener, string mountPoint)
    {
        Path = path;
        _mountPoint = mountPoint;
        _listener = listener;
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "handoff-listener" };
        _acceptor.Start();
    }

    public string Path { get; }

    public WaitHandle Requested => _requested.WaitHandle;

    /// <summary>
    /// Binds the socket, replacing a stale one that nobody answers on. Only a successor serving the same
    /// <paramref name="mountPoint"/> is granted the connection.
    /// </summary>
    public static HandoffListener Bind(string path, string mountPoint)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        socket.Listen(4);
        return new HandoffListener(path, socket, mountPoint);
    }

    /// <summary>The successor that asked and the format to give it in, once <see cref="Requested"/> is set; null otherwise.</summary>
    public HandoffRequest? TakeRequest()
    {
        var pending = Interlocked.Exchange(ref _pending, null);
        _requested.Reset();
        return pending;
    }

    /// <summary>Stops listening and removes the socket path, so the successor can bind it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        File.Delete(Path);
        _listener.Dispose();
        _acceptor.Join(TimeSpan.FromSeconds(2));
        Interlocked.Exchange(ref _pending, null)?.Successor.Dispose();
        _requested.Dispose();
    }

    private void Accept()
    {
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            client.ReceiveTimeout = 5000;
            var request = ReadLine(client);
            var format = ParseFormat(request);
            if (format is not null && Interlocked.CompareExchange(ref _pending, new HandoffRequest(client, format.Value), null) is null)
            {
                _requested.Set();
                continue;
            }

            Refuse(client, !request.StartsWith(RequestVerb, StringComparison.Ordinal) ? "not a hand-off request"
                : format is null ? $"this instance serves {_mountPoint} in hand-off formats 1 to {(int)NewestFormat}"
                : "another successor is being served");
        }
    }

    /// <summary>The request line a successor that reads up to <paramref name="newest"/> sends; the first release's when null.</summary>
    public static string RequestLine(string mountPoint, HandoffFormat? newest) =>
        RequestVerb + mountPoint + (newest is { } format ? FormatWord + ((int)format).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty) + "\n";

    /// <summary>The format both sides read, or null when the request is not for this mount point.</summary>
    private HandoffFormat? ParseFormat(string request)
    {
        var prefix = RequestVerb + _mountPoint;
        if (!request.StartsWith(prefix, StringComparison.Ordinal) || !request.EndsWith('\n'))
        {
            return null;
        }

        var rest = request.AsSpan(prefix.Length, request.Length - prefix.Length - 1);
        if (rest.IsEmpty)
        {
            return HandoffFormat.First;
        }

        return rest.StartsWith(FormatWord, StringComparison.Ordinal) && int.TryParse(rest[FormatWord.Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var newest) && newest >= 1
            ? (HandoffFormat)Math.Min(newest, (int)NewestFormat)
            : null;
    }

    /// <summary>Tells the peer why not and closes; used by both ends.</summary>
    internal static void Refuse(Socket client, string why)
    {
        try
        {
            client.Send(Encoding.ASCII.GetBytes(RefusalVerb + why + "\n"));
        }
        catch (SocketException)
        {
            // it went away: nothing to tell
        }
        finally
        {
            client.Dispose();
        }
    }

    internal static string ReadLine(Socket socket)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        try
        {
            while (bytes.Count < 4096 && socket.Receive(one) == 1)
            {
                bytes.Add(one[0]);
                if (one[0] == '\n')
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            // a successor that went away or a silent peer: no line
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }
}
