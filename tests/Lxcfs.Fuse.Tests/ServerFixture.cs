using System.Buffers;
using System.Text;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Tests;

/// <summary>
/// A protocol server over a small tree: /proc/{counter,big,fails} and /sys/devices/system/cpu/online.
/// "counter" renders "render N by pid P\n" with N growing at every render.
/// </summary>
internal sealed class ServerFixture
{
    private readonly byte[] _reply = new byte[FuseProtocolServer.MinReplyBufferSize];
    private int _renders;

    public ServerFixture(bool initialize = true, bool renderAtOpen = true)
    {
        var root = FsTree.NewRoot();
        var proc = root.Directory("proc");
        proc.Add(new FsFile("counter", (caller, output) =>
        {
            var n = Interlocked.Increment(ref _renders);
            output.Write(Encoding.ASCII.GetBytes($"render {n} by pid {caller.Pid}\n"));
        }));
        proc.Add(new FsFile("big", (_, output) => output.Write(BigContent)));
        proc.Add(new FsFile("fails", (_, _) => throw new IOException("cgroup vanished")));
        root.Directory("sys").Directory("devices").Directory("system").Directory("cpu")
            .Add(new FsFile("online", (_, output) => output.Write("0-1\n"u8)));
        Tree = new FsTree(root);
        Server = new FuseProtocolServer(Tree, new FuseServerOptions { RenderAtOpen = renderAtOpen });
        if (initialize)
        {
            Send(RequestBuilder.Init()).Error.Should().Be(0);
        }
    }

    /// <summary>300 KiB of a repeating pattern: larger than one READ.</summary>
    public static byte[] BigContent { get; } = Enumerable.Range(0, 300 * 1024).Select(i => (byte)('a' + (i % 26))).ToArray();

    public FsTree Tree { get; }

    public FuseProtocolServer Server { get; }

    /// <summary>How many times "counter" was rendered.</summary>
    public int Renders => Volatile.Read(ref _renders);

    public ulong Node(string path) => Tree.Resolve(path)!.NodeId;

    public Reply Send(byte[] request)
    {
        var length = Server.HandleRequest(request, _reply);
        return length == 0 ? new Reply(0, 0, 0, []) : Reply.Parse(_reply, length);
    }

    public ulong Open(string path, uint pid = 4242) =>
        Send(RequestBuilder.With(FuseOpcode.Open, Node(path), new FuseOpenIn { Flags = 0x8000 }, pid: pid)).As<FuseOpenOut>().Fh;

    public byte[] Read(string path, ulong fh, ulong offset, uint size, uint pid = 4242) =>
        Send(RequestBuilder.With(FuseOpcode.Read, Node(path), new FuseReadIn { Fh = fh, Offset = offset, Size = size }, pid: pid)).Payload;
}
