using System.Buffers;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Interop;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Tests;

/// <summary>A file only root may read (what the kernel does for /proc/slabinfo): the mount has no default_permissions, so the server checks.</summary>
public sealed class RootOnlyFileTests
{
    private readonly byte[] _reply = new byte[FuseProtocolServer.MinReplyBufferSize];
    private readonly FuseProtocolServer _server;
    private readonly ulong _secret;

    public RootOnlyFileTests()
    {
        var root = FsTree.NewRoot();
        root.Add(new FsFile("secret", (_, output) => output.Write("slabs\n"u8)) { RootOnly = true });
        var tree = new FsTree(root);
        _secret = tree.Resolve("secret")!.NodeId;
        _server = new FuseProtocolServer(tree);
        Send(RequestBuilder.Init()).Error.Should().Be(0);
    }

    private Reply Send(byte[] request) => Reply.Parse(_reply, _server.HandleRequest(request, _reply));

    [Fact]
    public void Its_mode_is_0400_and_only_uid_0_may_open_or_access_it()
    {
        var attr = Send(RequestBuilder.With(FuseOpcode.Getattr, _secret, new FuseGetattrIn())).As<FuseAttrOut>();
        var asUser = Send(RequestBuilder.With(FuseOpcode.Open, _secret, new FuseOpenIn { Flags = 0x8000 }, uid: 1000));
        var accessAsUser = Send(RequestBuilder.With(FuseOpcode.Access, _secret, new FuseAccessIn { Mask = 4 }, uid: 1000));
        var existsAsUser = Send(RequestBuilder.With(FuseOpcode.Access, _secret, new FuseAccessIn { Mask = 0 }, uid: 1000));
        var asRoot = Send(RequestBuilder.With(FuseOpcode.Open, _secret, new FuseOpenIn { Flags = 0x8000 }, uid: 0));
        var accessAsRoot = Send(RequestBuilder.With(FuseOpcode.Access, _secret, new FuseAccessIn { Mask = 4 }, uid: 0));

        attr.Attr.Mode.Should().Be(0x8000u | 0x100u);
        asUser.Error.Should().Be(-Errno.EACCES);
        accessAsUser.Error.Should().Be(-Errno.EACCES);
        existsAsUser.Error.Should().Be(0, "F_OK only asks whether it exists");
        asRoot.Error.Should().Be(0);
        accessAsRoot.Error.Should().Be(0);
    }
}
