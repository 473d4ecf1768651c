using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Pods;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>The handlers wired as the application wires them, from options.</summary>
public static class TestHandlers
{
    public static WebhookOptions Options(Action<WebhookOptions>? configure = null)
    {
        var options = new WebhookOptions();
        configure?.Invoke(options);
        options.ApplyDefaults();
        return options;
    }

    public static MutatingHandler Mutating(Action<WebhookOptions>? configure = null, NamespaceAnnotationCache? namespaces = null)
    {
        var options = Options(configure);
        var annotations = new LxcfsAnnotations(options);
        return new MutatingHandler(
            new PodSelection(options, annotations), new PodMutator(options), new LimitsEnvironment(options, annotations),
            namespaces ?? new NamespaceAnnotationCache(annotations), annotations);
    }

    public static ValidatingHandler Validating() => new(new LxcfsAnnotations(Options()));
}
