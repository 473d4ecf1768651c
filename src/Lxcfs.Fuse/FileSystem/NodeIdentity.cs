namespace Lxcfs.Fuse.FileSystem;

/// <summary>
/// What one node id stands for: the kernel keeps ids it was given, so an instance taking over a live
/// connection must give each path the id its predecessor gave it, and never reuse an id for another path.
/// </summary>
/// <param name="NodeId">the id the kernel knows</param>
/// <param name="Path">below the mount point, without a leading slash; empty for the root</param>
/// <param name="IsDirectory">a node that changes kind must change id: the kernel never lets an inode change type</param>
public sealed record NodeIdentity(ulong NodeId, string Path, bool IsDirectory);
