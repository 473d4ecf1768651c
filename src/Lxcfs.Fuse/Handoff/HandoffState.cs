using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;

namespace Lxcfs.Fuse.Handoff;

/// <summary>
/// What a successor needs to go on serving a live connection: the INIT values (it sees no INIT), what
/// each node id the kernel may hold stands for, the open handles with their snapshots, and the view
/// layer's state (load averages, the CPU counters shown), opaque to this layer.
/// </summary>
/// <param name="Nodes">
/// null when the predecessor spoke the first format, which carried none: it numbered the first release's
/// tree, which the daemon knows.
/// </param>
public sealed record HandoffState(FuseNegotiated Negotiated, IReadOnlyList<NodeIdentity>? Nodes, IReadOnlyList<HandleSnapshot> Handles, byte[] ViewState);
