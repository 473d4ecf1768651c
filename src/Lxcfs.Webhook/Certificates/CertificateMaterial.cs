using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.Webhook.Certificates;

/// <summary>A CA and the serving certificate it signed, all PEM, as kept in the Secret.</summary>
public sealed record CertificateMaterial(string CaCertificatePem, string CaKeyPem, string CertificatePem, string KeyPem)
{
    public const string CaCertKey = "ca.crt";
    public const string CaKeyKey = "ca.key";
    public const string CertKey = "tls.crt";
    public const string KeyKey = "tls.key";

    /// <summary>True when the serving certificate chains to the CA, covers every name and outlives <paramref name="until"/>.</summary>
    public bool IsUsable(IEnumerable<string> names, DateTimeOffset until)
    {
        try
        {
            using var ca = X509Certificate2.CreateFromPem(CaCertificatePem, CaKeyPem);
            using var serving = X509Certificate2.CreateFromPem(CertificatePem, KeyPem);
            return serving.NotAfter > until.UtcDateTime && ca.NotAfter > until.UtcDateTime
                && serving.Issuer == ca.Subject
                && names.All(n => serving.MatchesHostname(n));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
