using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The chart rendered for one scenario and parsed strictly.</summary>
internal sealed class Rendered(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
{
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; } = objects;

    public static async Task<Rendered> OfAsync(RenderScenario scenario) =>
        new(StrictManifests.Parse(await Helm.TemplateAsync([.. scenario.Arguments])));

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>()
    {
        var matches = Objects.OfType<T>().ToList();
        matches.Should().ContainSingle("the chart renders exactly one {0}", typeof(T).Name);
        return matches[0];
    }

    /// <summary>Objects Helm installs with the release (hooks such as `helm test` excluded).</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> ReleaseObjects =>
        Objects.Where(o => o.Metadata.Annotations?.ContainsKey("helm.sh/hook") != true);

    public V1DaemonSet Daemon => Single<V1DaemonSet>();

    public V1Deployment Webhook => Single<V1Deployment>();

    public V1Container WebhookContainer => Webhook.Spec.Template.Spec.Containers.Should().ContainSingle().Subject;

    public V1Container DaemonContainer => Daemon.Spec.Template.Spec.Containers.Should().ContainSingle().Subject;

    public string? WebhookEnv(string name) =>
        WebhookContainer.Env.SingleOrDefault(e => e.Name == name)?.Value;
}

/// <summary>A named set of helm template arguments: default values, each certificate mode, URL mode, old clusters.</summary>
public sealed record RenderScenario(string Name, params string[] Arguments)
{
    // Any valid base64 will do for rendering; the install test uses a real CA.
    public const string SampleCaBundle = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";

    public static readonly RenderScenario Default = new("default");
    public static readonly RenderScenario CertManager = new("cert-manager", "--set", "certificates.mode=cert-manager");
    public static readonly RenderScenario CertManagerIssuer = new(
        "cert-manager-cluster-issuer",
        "--set", "certificates.mode=cert-manager",
        "--set", "certificates.certManager.issuerRef.name=corp-ca",
        "--set", "certificates.certManager.issuerRef.kind=ClusterIssuer");
    public static readonly RenderScenario UserSecret = new(
        "secret",
        "--set", "certificates.mode=secret",
        "--set", "certificates.secretName=my-webhook-tls",
        "--set", $"certificates.caBundle={SampleCaBundle}");
    public static readonly RenderScenario Url = new(
        "url",
        "--set", "webhook.url=https://127.0.0.1:8443/",
        "--set", $"certificates.caBundle={SampleCaBundle}");
    public static readonly RenderScenario Kube120 = new("kube-1.20", "--kube-version", "1.20.2");

    public static IReadOnlyList<RenderScenario> All { get; } = [Default, CertManager, CertManagerIssuer, UserSecret, Url, Kube120];

    public static TheoryData<string> Names => [.. All.Select(s => s.Name)];

    public static RenderScenario Named(string name) => All.Single(s => s.Name == name);

    public override string ToString() => Name;
}
