namespace Lxcfs.Fuse.Protocol;

/// <summary>Handles one opcode: writes the whole reply into <paramref name="reply"/> and returns its length.</summary>
internal delegate int FuseHandler(FuseProtocolServer server, FuseRequest request, Span<byte> reply);

/// <summary>One row of the dispatch table.</summary>
/// <param name="Name">the opcode's name, for logs</param>
/// <param name="InputSize">bytes of fixed input the body must hold (names come after it)</param>
/// <param name="Handle">the handler</param>
/// <param name="Replies">false for the opcodes the kernel expects no answer to</param>
internal sealed record FuseOperation(string Name, int InputSize, FuseHandler Handle, bool Replies = true);
