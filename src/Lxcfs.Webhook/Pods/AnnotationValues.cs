namespace Lxcfs.Webhook.Pods;

/// <summary>
/// The accepted spellings of the lxcfs annotations. Booleans accept what the most used existing lxcfs
/// webhook accepted (case-insensitive), so pods written for it keep their meaning.
/// </summary>
public static class AnnotationValues
{
    /// <summary>The status of a pod that got the files (every container that lacked them).</summary>
    public const string Mutated = "mutated";

    /// <summary>The status of a pod left without the files is this followed by a <see cref="PodSkip"/> reason.</summary>
    public const string SkippedPrefix = "skipped: ";

    /// <summary>Every status value the webhook writes.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [Mutated, .. PodSkip.Reasons.Select(r => SkippedPrefix + r)];

    private static readonly string[] s_true = ["true", "yes", "y", "on", "enabled"];
    private static readonly string[] s_false = ["false", "no", "n", "off", "disabled"];

    public static IReadOnlyList<string> Booleans { get; } = [.. s_true, .. s_false];

    public static bool? ParseBoolean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (s_true.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return s_false.Contains(trimmed, StringComparer.OrdinalIgnoreCase) ? false : null;
    }

    public static string Describe(IEnumerable<string> accepted) => string.Join(", ", accepted.Select(a => $"\"{a}\""));
}
