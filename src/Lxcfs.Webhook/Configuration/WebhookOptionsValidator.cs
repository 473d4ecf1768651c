using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Configuration;

/// <summary>The data-annotation checks, generated at compile time (no reflection).</summary>
[OptionsValidator]
internal sealed partial class WebhookOptionsAttributeValidator : IValidateOptions<WebhookOptions>;

/// <summary>Checks what attributes cannot express: the shape of paths, prefixes and labels.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    private readonly WebhookOptionsAttributeValidator _attributes = new();

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var attributes = _attributes.Validate(name, options);
        if (attributes.Failed)
        {
            return attributes;
        }

        var failures = new List<string>();
        if (!options.MountRoot.StartsWith('/'))
        {
            failures.Add($"Webhook:MountRoot must be an absolute path, got '{options.MountRoot}'");
        }

        failures.AddRange(options.Files
            .Where(f => !f.StartsWith('/') || f.EndsWith('/') || f.Contains("//", StringComparison.Ordinal))
            .Select(f => $"Webhook:Files entries must be absolute file paths, got '{f}'"));
        failures.AddRange(options.AnnotationPrefixes
            .Where(p => p.Length == 0 || p.Contains('/', StringComparison.Ordinal))
            .Select(p => $"Webhook:AnnotationPrefixes entries must be DNS-style prefixes without '/', got '{p}'"));
        failures.AddRange(options.ExcludePodLabels.Append(options.NamespaceLabel)
            .Where(l => l.Split('=') is not [{ Length: > 0 }, _])
            .Select(l => $"label selectors must read key=value, got '{l}'"));
        if (options.BodyReadTimeout <= TimeSpan.Zero)
        {
            failures.Add("Webhook:BodyReadTimeout must be positive");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
