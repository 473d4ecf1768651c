using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Tests.EndToEnd;

/// <summary>Mutating and Validating webhook configurations that call the webhook by URL, as the chart does.</summary>
public static class WebhookRegistration
{
    public static JsonObject Mutating(string name, Uri baseUri, string? caPem, string labelKey, string labelValue = "enabled") =>
        Configuration("MutatingWebhookConfiguration", name, Webhook($"mutate.{name}.lxcfs.io", new Uri(baseUri, "/mutate"), caPem, labelKey, labelValue, mutating: true));

    /// <summary>A mutating webhook at <paramref name="url"/> exactly (another party's, such as a sidecar injector).</summary>
    public static JsonObject MutatingAt(string name, Uri url, string? caPem, string labelKey, string labelValue = "enabled") =>
        Configuration("MutatingWebhookConfiguration", name, Webhook($"mutate.{name}.lxcfs.io", url, caPem, labelKey, labelValue, mutating: true));

    public static JsonObject Validating(string name, Uri baseUri, string? caPem, string labelKey, string labelValue = "enabled") =>
        Configuration("ValidatingWebhookConfiguration", name, Webhook($"validate.{name}.lxcfs.io", new Uri(baseUri, "/validate"), caPem, labelKey, labelValue, mutating: false));

    private static JsonObject Configuration(string kind, string name, JsonObject webhook) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["webhooks"] = new JsonArray(webhook),
    };

    private static JsonObject Webhook(string name, Uri url, string? caPem, string labelKey, string labelValue, bool mutating)
    {
        var clientConfig = new JsonObject { ["url"] = url.ToString() };
        if (caPem is not null)
        {
            clientConfig["caBundle"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(caPem));
        }

        var webhook = new JsonObject
        {
            ["name"] = name,
            ["clientConfig"] = clientConfig,
            ["rules"] = new JsonArray(new JsonObject
            {
                ["apiGroups"] = new JsonArray(""),
                ["apiVersions"] = new JsonArray("v1"),
                ["operations"] = mutating ? new JsonArray("CREATE") : new JsonArray("CREATE", "UPDATE"),
                ["resources"] = new JsonArray("pods"),
            }),
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { [labelKey] = labelValue } },
            ["failurePolicy"] = "Ignore",
            ["sideEffects"] = "None",
            ["admissionReviewVersions"] = new JsonArray("v1", "v1beta1"),
            ["timeoutSeconds"] = 5,
        };
        if (mutating)
        {
            webhook["reinvocationPolicy"] = "IfNeeded";
        }

        return webhook;
    }
}
