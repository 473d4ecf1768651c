namespace Lxcfs.Fuse.Session;

/// <summary>How the filesystem is mounted; the defaults give exactly LXCFS's <c>/proc/mounts</c> line.</summary>
public sealed record FuseMountOptions
{
    public string Source { get; init; } = "lxcfs";

    public string FsType { get; init; } = "fuse.lxcfs";

    /// <summary>Let every user read, as LXCFS does; without it only the mounting uid gets past the kernel.</summary>
    public bool AllowOther { get; init; } = true;

    /// <summary>Let the kernel check mode bits itself (<c>-o default_permissions</c>).</summary>
    public bool DefaultPermissions { get; init; }

    /// <summary>Cap on READ sizes (<c>-o max_read=N</c>).</summary>
    public uint? MaxRead { get; init; }

    /// <summary>Allow mounting over a directory that has entries (<c>-o nonempty</c>).</summary>
    public bool NonEmpty { get; init; }

    /// <summary>The mount(2) data string for descriptor <paramref name="fd"/>.</summary>
    public string Data(int fd)
    {
        var data = $"fd={fd},rootmode=40000,user_id=0,group_id=0";
        if (AllowOther)
        {
            data += ",allow_other";
        }

        if (DefaultPermissions)
        {
            data += ",default_permissions";
        }

        if (MaxRead is { } maxRead)
        {
            data += $",max_read={maxRead}";
        }

        return data;
    }
}
