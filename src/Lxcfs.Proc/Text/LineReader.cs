namespace Lxcfs.Proc.Text;

/// <summary>Splits text into lines without allocating; the last line may lack its newline.</summary>
public ref struct LineReader(ReadOnlySpan<byte> text)
{
    private ReadOnlySpan<byte> _rest = text;

    /// <summary>The next line without its '\n'.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }

        var end = _rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = _rest;
            _rest = default;
            return true;
        }

        line = _rest[..end];
        _rest = _rest[(end + 1)..];
        return true;
    }
}
