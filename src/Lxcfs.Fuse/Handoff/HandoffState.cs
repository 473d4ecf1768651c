using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Handoff;

/// <summary>
/// What a successor needs to go on serving a live connection: the INIT values (it sees no INIT), the
/// open handles with their snapshots, and the view layer's opaque state (loadavg and CPU counters).
/// Node ids need no transfer: both instances build the same tree and number it the same way.
/// </summary>
public sealed record HandoffState(FuseNegotiated Negotiated, IReadOnlyList<HandleSnapshot> Handles, byte[] ViewState);
