using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.Webhook.Certificates;

/// <summary>Makes a small private CA and serving certificates signed by it (ECDSA P-256, SHA-256).</summary>
public static class CertificateIssuer
{
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan ServingLifetime = TimeSpan.FromDays(365);

    public static (string CertificatePem, string KeyPem) CreateCa(string commonName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
        return (ca.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public static CertificateMaterial IssueServing(string caCertificatePem, string caKeyPem, IReadOnlyList<string> names, DateTimeOffset now)
    {
        using var ca = X509Certificate2.CreateFromPem(caCertificatePem, caKeyPem);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var notAfter = now.Add(ServingLifetime) < ca.NotAfter ? now.Add(ServingLifetime) : new DateTimeOffset(ca.NotAfter);
        using var serving = request.Create(ca, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return new CertificateMaterial(caCertificatePem, caKeyPem, serving.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
