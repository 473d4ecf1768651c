namespace Lxcfs.Buffers;

/// <summary>One count that reader threads add to on every request: <see cref="StripedCells"/> of one slot.</summary>
public sealed class StripedCounter
{
    private readonly StripedCells _cells = new(1);

    /// <summary>The sum over every CPU's cell; successive reads never go down.</summary>
    public long Value => _cells.Sum(0);

    public void Increment() => _cells.Increment(0);
}
