using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>Small steps the install tests take on the API server.</summary>
internal static class ClusterObjects
{
    public static Task<V1Namespace> CreateNamespaceAsync(this IKubernetes client, string name, IDictionary<string, string>? labels = null) =>
        client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });

    /// <summary>Creates a pod and returns it as stored, i.e. after every admission webhook ran.</summary>
    public static Task<V1Pod> CreatePodAsync(
        this IKubernetes client, string ns, string name, IDictionary<string, string>? labels = null, IDictionary<string, string>? annotations = null) =>
        client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = annotations },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
            },
            ns);

    public static bool WasMutated(this V1Pod pod) =>
        pod.Metadata.Annotations?.ContainsKey(RecordingWebhook.SeenAnnotation) == true;

    /// <summary>Every admission webhook configuration the chart could have left, by its part-of label or its name.</summary>
    public static async Task<IReadOnlyList<string>> ChartWebhookConfigurationsAsync(this IKubernetes client)
    {
        var mutating = await client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync();
        var validating = await client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync();
        return
        [
            .. mutating.Items.Where(IsChart).Select(c => $"MutatingWebhookConfiguration/{c.Metadata.Name}"),
            .. validating.Items.Where(IsChart).Select(c => $"ValidatingWebhookConfiguration/{c.Metadata.Name}"),
        ];
    }

    private static bool IsChart(IKubernetesObject<V1ObjectMeta> o) =>
        o.Metadata.Name.Contains("lxcfs", StringComparison.Ordinal)
        || o.Metadata.Labels?.ContainsKey("app.kubernetes.io/part-of") == true;
}
