using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests;

// KubernetesClient has no models for cert-manager's CRDs. These carry the cert-manager.io/v1 fields the
// chart may render, so the strict parser rejects anything else there too (a typo'd field or a field
// cert-manager does not have).

public sealed class CertManagerIssuer : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public IssuerSpec Spec { get; set; } = new();
}

public sealed class IssuerSpec
{
    public Dictionary<string, object>? SelfSigned { get; set; }
}

public sealed class CertManagerCertificate : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public CertificateSpec Spec { get; set; } = new();
}

public sealed class CertificateSpec
{
    public string SecretName { get; set; } = "";

    public string? Duration { get; set; }

    public string? RenewBefore { get; set; }

    public IList<string> DnsNames { get; set; } = [];

    public IssuerReference IssuerRef { get; set; } = new();
}

public sealed class IssuerReference
{
    public string Name { get; set; } = "";

    public string? Kind { get; set; }

    public string? Group { get; set; }
}
