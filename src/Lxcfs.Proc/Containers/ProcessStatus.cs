using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Containers;

/// <summary>What caller resolution needs from <c>/proc/&lt;pid&gt;/status</c>.</summary>
/// <param name="ParentPid">PPid in the reader's namespace (0 when the parent is outside it)</param>
/// <param name="NsPids">the NSpid entries: the pid in the reader's namespace first, in its own namespace last</param>
/// <param name="State">the State: letter</param>
public sealed record ProcessStatus(int ParentPid, int[] NsPids, byte State)
{
    /// <summary>How many pid namespaces see the process (1 = only the reader's).</summary>
    public int NamespaceDepth => NsPids.Length;

    /// <summary>The pid as the process's own namespace sees it.</summary>
    public int InnermostPid => NsPids[^1];

    /// <summary>The pid as the namespace at <paramref name="depth"/> (1 = the reader's) sees it.</summary>
    public int PidAtDepth(int depth) => NsPids[depth - 1];

    public static ProcessStatus? Parse(ReadOnlySpan<byte> text)
    {
        var parent = -1;
        int[] nspids = [];
        byte state = (byte)'?';
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            var key = Ascii.NextToken(ref rest);
            if (key.SequenceEqual("State:"u8))
            {
                var value = Ascii.NextToken(ref rest);
                state = value.IsEmpty ? state : value[0];
            }
            else if (key.SequenceEqual("PPid:"u8) && Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var ppid))
            {
                parent = (int)ppid;
            }
            else if (key.SequenceEqual("NSpid:"u8))
            {
                nspids = ParsePids(rest);
            }
        }

        return parent < 0 || nspids.Length == 0 ? null : new ProcessStatus(parent, nspids, state);
    }

    private static int[] ParsePids(ReadOnlySpan<byte> rest)
    {
        Span<int> pids = stackalloc int[32];
        var count = 0;
        for (var token = Ascii.NextToken(ref rest); !token.IsEmpty && count < pids.Length; token = Ascii.NextToken(ref rest))
        {
            pids[count++] = Ascii.TryParseUInt64(token, out var pid) && pid <= int.MaxValue ? (int)pid : 0;
        }

        return pids[..count].ToArray();
    }
}
