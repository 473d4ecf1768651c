using System.Net.Sockets;

namespace Lxcfs.Fuse.Handoff;

/// <summary>A successor waiting for the connection, and the newest format both sides read.</summary>
public sealed record HandoffRequest(Socket Successor, HandoffFormat Format);
