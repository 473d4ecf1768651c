using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Lxcfs.Webhook.Certificates;

/// <summary>
/// Makes or reuses the CA and serving certificate kept in one Secret, safely with several replicas:
/// the Secret is created only if absent and replaced only at the resourceVersion that was read, so
/// when two replicas race one write wins (the other gets 409), and the loser re-reads and adopts it.
/// </summary>
public sealed class CertificateSecret
{
    private const int MaxAttempts = 8;
    private static readonly TimeSpan s_renewBefore = TimeSpan.FromDays(30);

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly IReadOnlyList<string> _names;
    private readonly TimeProvider _time;

    public CertificateSecret(IKubernetes client, string @namespace, string name, IReadOnlyList<string> names, TimeProvider time)
    {
        _client = client;
        _namespace = @namespace;
        _name = name;
        _names = names;
        _time = time;
    }

    public async Task<CertificateMaterial> EnsureAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var secret = await ReadAsync(cancellationToken);
            var now = _time.GetUtcNow();
            var existing = secret is null ? null : FromSecret(secret);
            if (existing is not null && existing.IsUsable(_names, now + s_renewBefore))
            {
                return existing;
            }

            var material = Issue(existing, now);
            try
            {
                await WriteAsync(secret, material, cancellationToken);
                return material;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                // Another replica wrote first: read what it wrote and use that.
            }
        }
    }

    // Keep a CA that is still good, so webhook configurations holding its caBundle keep working.
    private CertificateMaterial Issue(CertificateMaterial? existing, DateTimeOffset now)
    {
        var (caCert, caKey) = existing is not null && CaStillGood(existing, now)
            ? (existing.CaCertificatePem, existing.CaKeyPem)
            : CertificateIssuer.CreateCa($"{_name}-ca", now);
        return CertificateIssuer.IssueServing(caCert, caKey, _names, now);
    }

    private static bool CaStillGood(CertificateMaterial material, DateTimeOffset now)
    {
        try
        {
            using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(material.CaCertificatePem, material.CaKeyPem);
            return ca.NotAfter > (now + CertificateIssuer.ServingLifetime).UtcDateTime;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private async Task<V1Secret?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedSecretAsync(_name, _namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task WriteAsync(V1Secret? current, CertificateMaterial material, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, byte[]>
        {
            [CertificateMaterial.CaCertKey] = Encoding.ASCII.GetBytes(material.CaCertificatePem),
            [CertificateMaterial.CaKeyKey] = Encoding.ASCII.GetBytes(material.CaKeyPem),
            [CertificateMaterial.CertKey] = Encoding.ASCII.GetBytes(material.CertificatePem),
            [CertificateMaterial.KeyKey] = Encoding.ASCII.GetBytes(material.KeyPem),
        };
        if (current is null)
        {
            var secret = new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = _name, NamespaceProperty = _namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "lxcfs-webhook" } },
                Type = "kubernetes.io/tls",
                Data = data,
            };
            await _client.CoreV1.CreateNamespacedSecretAsync(secret, _namespace, cancellationToken: cancellationToken);
        }
        else
        {
            // The read resourceVersion stays in metadata: a concurrent writer makes this a 409.
            current.Data = data;
            current.Type ??= "kubernetes.io/tls";
            await _client.CoreV1.ReplaceNamespacedSecretAsync(current, _name, _namespace, cancellationToken: cancellationToken);
        }
    }

    private static CertificateMaterial? FromSecret(V1Secret secret)
    {
        string? Get(string key) => secret.Data?.TryGetValue(key, out var v) == true ? Encoding.ASCII.GetString(v) : null;
        return (Get(CertificateMaterial.CaCertKey), Get(CertificateMaterial.CaKeyKey), Get(CertificateMaterial.CertKey), Get(CertificateMaterial.KeyKey)) is
            ({ } caCert, { } caKey, { } cert, { } key)
            ? new CertificateMaterial(caCert, caKey, cert, key)
            : null;
    }
}
