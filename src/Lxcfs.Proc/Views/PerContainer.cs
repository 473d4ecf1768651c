using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Lxcfs.Proc.Containers;

namespace Lxcfs.Proc.Views;

/// <summary>
/// A value derived from a container's limits, computed once per <see cref="Container"/> instance. The
/// resolver replaces that instance when it re-reads the cgroup paths (at most a second apart), so a changed
/// limit shows within a second, while the reads in between skip walking every ancestor's limit files.
/// Keyed by reference: an entry lives exactly as long as the resolver's instance.
/// </summary>
internal sealed class PerContainer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>
    where T : class
{
    private readonly ConditionalWeakTable<Container, T> _values = new();

    public T Get<TState>(Container container, TState state, Func<Container, TState, T> compute)
    {
        if (_values.TryGetValue(container, out var value))
        {
            return value;
        }

        value = compute(container, state);
        _values.AddOrUpdate(container, value);
        return value;
    }
}
