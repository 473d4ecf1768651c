using System.Globalization;

namespace Lxcfs.Webhook.Pods;

/// <summary>Kubernetes resource quantities ("500m", "2", "1.5Gi", "128974848", "1e3") as decimals.</summary>
public static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] s_suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("m", 0.001m), ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("P", 1e15m), ("E", 1e18m),
    ];

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var factor = 1m;
        var number = text.Trim();
        foreach (var (suffix, f) in s_suffixes)
        {
            if (number.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                number = number[..^suffix.Length];
                break;
            }
        }

        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
        {
            return false;
        }

        value = parsed * factor;
        return true;
    }
}
