namespace Lxcfs.Fuse.Handoff;

/// <summary>The versions of the hand-off message; a successor asks for the newest it reads.</summary>
public enum HandoffFormat
{
    /// <summary>The first release's: INIT values, handles, view state; node ids implied by the tree's numbering.</summary>
    First = 1,

    /// <summary>Adds what each node id stands for, so builds that serve different files hand off safely.</summary>
    NodesByPath = 2,
}
