namespace Lxcfs.Fuse.FileSystem;

/// <summary>An open handle as handed to a successor: its number, its file and the snapshot being read (null before the first read).</summary>
public sealed record HandleSnapshot(ulong Fh, ulong NodeId, byte[]? Snapshot);
