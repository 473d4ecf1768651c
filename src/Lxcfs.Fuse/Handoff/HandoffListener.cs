using System.Net.Sockets;
using System.Text;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Handoff;

/// <summary>
/// The running instance's end of the upgrade hand-off: a unix socket on which a successor asks for the
/// connection. Accepting runs on a background thread; <see cref="Requested"/> is set when a successor
/// has asked, and <see cref="TakeRequest"/> hands its socket to the serving loop.
/// </summary>
public sealed class HandoffListener : IDisposable
{
    public const string RequestVerb = "TAKEOVER ";
    public const string Granted = "GIVE\n";
    public const string Confirmation = "OK\n";

    private readonly Socket _listener;
    private readonly Thread _acceptor;
    private readonly ManualResetEventSlim _requested = new();
    private Socket? _pending;
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

    /// <summary>The successor that asked, once <see cref="Requested"/> is set; null otherwise.</summary>
    public Socket? TakeRequest()
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
        Interlocked.Exchange(ref _pending, null)?.Dispose();
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
            if (request == RequestVerb + _mountPoint + "\n" && Interlocked.CompareExchange(ref _pending, client, null) is null)
            {
                _requested.Set();
                continue;
            }

            Refuse(client, request.StartsWith(RequestVerb, StringComparison.Ordinal) ? $"this instance serves {_mountPoint}" : "not a hand-off request");
        }
    }

    private static void Refuse(Socket client, string why)
    {
        try
        {
            client.Send(Encoding.ASCII.GetBytes($"REFUSED {why}\n"));
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
