namespace Lxcfs.Fuse.Protocol;

/// <summary>What INIT settled on; handed to a successor together with the device fd.</summary>
public sealed record FuseNegotiated(uint Major, uint Minor, uint Flags, uint Flags2, uint MaxWrite, uint MaxReadahead);
