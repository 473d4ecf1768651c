using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.EndToEnd;

/// <summary>
/// Self-managed certificates against the real API server: replicas started together agree on one Secret,
/// write its CA into the webhook configurations, and the API server then trusts the webhook.
/// </summary>
[Collection(KubeRigGroup.Name)]
public sealed class SelfManagedCertificateTests
{
    private const string SecretName = "lxcfs-webhook-tls";
    private readonly KubeRig _rig;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public SelfManagedCertificateTests(KubeRig rig) => _rig = rig;

    private Dictionary<string, string?> Settings(string ns, int port) => new()
    {
        ["Tls:Mode"] = "SelfManaged",
        ["Tls:HttpsPort"] = port.ToString(CultureInfo.InvariantCulture),
        ["Tls:SelfManaged:Kubeconfig"] = _rig.Kubeconfig,
        ["Tls:SelfManaged:Namespace"] = ns,
        ["Tls:SelfManaged:SecretName"] = SecretName,
        ["Tls:SelfManaged:ServiceName"] = "lxcfs-webhook",
        ["Tls:SelfManaged:ExtraIpAddresses:0"] = "127.0.0.1",
        ["Tls:SelfManaged:MutatingWebhookConfiguration"] = $"lxcfs-sm-{_suffix}",
        ["Tls:SelfManaged:ValidatingWebhookConfiguration"] = $"lxcfs-sm-{_suffix}",
    };

    [Fact]
    public async Task Replicas_started_together_share_one_secret_and_the_api_server_trusts_the_ca_they_wrote()
    {
        var ns = $"lxcfs-system-{_suffix}";
        var label = $"lxcfs-sm-{_suffix}";
        var (portA, portB) = (WebhookHost.FreePort(), WebhookHost.FreePort());
        var url = new Uri($"https://127.0.0.1:{portA}/");
        await _rig.NamespaceAsync(ns, (label, "enabled"));
        await _rig.ApplyAsync(WebhookRegistration.Mutating($"lxcfs-sm-{_suffix}", url, null, label));
        await _rig.ApplyAsync(WebhookRegistration.Validating($"lxcfs-sm-{_suffix}", url, null, label));
        WebhookHost[] replicas = [];
        try
        {
            replicas = await Task.WhenAll(WebhookHost.StartAsync(null, Settings(ns, portA), healthPort: false), WebhookHost.StartAsync(null, Settings(ns, portB), healthPort: false));

            var secret = await _rig.GetAsync("secret", SecretName, ns);
            var caPem = Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["ca.crt"]!.GetValue<string>()));
            var ca = X509Certificate2.CreateFromPem(caPem);
            var mutating = await _rig.GetAsync("mutatingwebhookconfiguration", $"lxcfs-sm-{_suffix}");
            var validating = await _rig.GetAsync("validatingwebhookconfiguration", $"lxcfs-sm-{_suffix}");
            using var a = await RawTlsConnection.OpenAsync(replicas[0].HttpsUri, ca);
            using var b = await RawTlsConnection.OpenAsync(replicas[1].HttpsUri, ca);
            var stored = await CreatePodAsync(ns);

            secret["type"]!.GetValue<string>().Should().Be("kubernetes.io/tls");
            CaBundle(mutating).Should().Be(caPem);
            CaBundle(validating).Should().Be(caPem);
            a.RemoteCertificate!.Thumbprint.Should().Be(b.RemoteCertificate!.Thumbprint, "both replicas serve the certificate from the one Secret");
            a.RemoteCertificate.MatchesHostname("lxcfs-webhook." + ns + ".svc").Should().BeTrue();
            ShouldMountAllLxcfsFiles(Container(stored, 0));
            ShouldBeMarkedMutated(stored);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }

            await _rig.KubectlAsync(["delete", "mutatingwebhookconfiguration,validatingwebhookconfiguration", $"lxcfs-sm-{_suffix}", "--ignore-not-found"]);
        }
    }

    [Fact]
    public async Task A_restarted_replica_reuses_the_existing_secret()
    {
        var ns = $"lxcfs-system-{_suffix}";
        await _rig.NamespaceAsync(ns);
        string first;
        await using (var replica = await WebhookHost.StartAsync(null, Settings(ns, WebhookHost.FreePort()), healthPort: false))
        {
            first = (await _rig.GetAsync("secret", SecretName, ns))["data"]!["tls.crt"]!.GetValue<string>();
        }

        await using var restarted = await WebhookHost.StartAsync(null, Settings(ns, WebhookHost.FreePort()), healthPort: false);
        var secret = await _rig.GetAsync("secret", SecretName, ns);
        var ca = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["ca.crt"]!.GetValue<string>())));
        using var connection = await RawTlsConnection.OpenAsync(restarted.HttpsUri, ca);

        secret["data"]!["tls.crt"]!.GetValue<string>().Should().Be(first);
        X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(first))).Thumbprint
            .Should().Be(connection.RemoteCertificate!.Thumbprint);
    }

    [Fact]
    public async Task An_empty_secret_created_by_the_chart_is_filled_in_once_by_racing_replicas()
    {
        var ns = $"lxcfs-empty-{_suffix}";
        await _rig.NamespaceAsync(ns);
        await _rig.ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = SecretName, ["namespace"] = ns },
            ["type"] = "Opaque",
        });
        var ports = (WebhookHost.FreePort(), WebhookHost.FreePort());
        WebhookHost[] replicas = [];
        try
        {
            replicas = await Task.WhenAll(WebhookHost.StartAsync(null, Settings(ns, ports.Item1), healthPort: false), WebhookHost.StartAsync(null, Settings(ns, ports.Item2), healthPort: false));

            var secret = await _rig.GetAsync("secret", SecretName, ns);
            var stored = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["tls.crt"]!.GetValue<string>())));
            var ca = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["ca.crt"]!.GetValue<string>())));
            using var a = await RawTlsConnection.OpenAsync(replicas[0].HttpsUri, ca);
            using var b = await RawTlsConnection.OpenAsync(replicas[1].HttpsUri, ca);

            secret["type"]!.GetValue<string>().Should().Be("Opaque", "the chart's Secret is filled, not replaced");
            a.RemoteCertificate!.Thumbprint.Should().Be(stored.Thumbprint);
            b.RemoteCertificate!.Thumbprint.Should().Be(stored.Thumbprint);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Many_writers_racing_on_an_absent_secret_all_end_up_with_the_one_that_was_stored()
    {
        var ns = $"lxcfs-race-{_suffix}";
        await _rig.NamespaceAsync(ns);
        var clients = Enumerable.Range(0, 6).Select(_ => new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(_rig.Kubeconfig))).ToList();
        try
        {
            var writers = clients.Select(c => new Lxcfs.Webhook.Certificates.CertificateSecret(c, ns, SecretName, ["lxcfs-webhook." + ns + ".svc", "127.0.0.1"], TimeProvider.System));

            var results = await Task.WhenAll(writers.Select(w => Task.Run(() => w.EnsureAsync(TestContext.Current.CancellationToken))));

            var stored = (await _rig.GetAsync("secret", SecretName, ns))["data"]!["tls.crt"]!.GetValue<string>();
            results.Select(r => r.CertificatePem).Distinct().Should().ContainSingle()
                .Which.Should().Be(Encoding.ASCII.GetString(Convert.FromBase64String(stored)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static string CaBundle(JsonObject configuration) =>
        Encoding.ASCII.GetString(Convert.FromBase64String(configuration["webhooks"]![0]!["clientConfig"]!["caBundle"]!.GetValue<string>()));

    private async Task<JsonObject> CreatePodAsync(string ns)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "trusted" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(Reviews.Container("app")) },
        };
        (await _rig.KubectlAsync(["create", "-n", ns, "-f", "-"], pod.ToJsonString())).EnsureSuccess("kubectl create pod");
        return await _rig.GetAsync("pod", "trusted", ns);
    }
}
