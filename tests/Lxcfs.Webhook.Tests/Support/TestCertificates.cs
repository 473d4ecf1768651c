using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>A throwaway CA and a serving certificate for 127.0.0.1 signed by it, written as PEM files.</summary>
public sealed class TestCertificates
{
    private TestCertificates(X509Certificate2 ca, string caPem, string certificatePem, string keyPem, string thumbprint)
    {
        Ca = ca;
        CaPem = caPem;
        CertificatePem = certificatePem;
        KeyPem = keyPem;
        Thumbprint = thumbprint;
    }

    public X509Certificate2 Ca { get; }

    public string CaPem { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public string Thumbprint { get; }

    public static TestCertificates Create(string commonName = "lxcfs-webhook-test")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={commonName}-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serving = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));
        return new TestCertificates(
            X509CertificateLoader.LoadCertificate(ca.RawData), ca.ExportCertificatePem(), serving.ExportCertificatePem(),
            key.ExportPkcs8PrivateKeyPem(), serving.Thumbprint);
    }

    public void WriteTo(string certFile, string keyFile)
    {
        // Write then rename, as a Secret volume update does: a reader never sees half a file.
        File.WriteAllText(certFile + ".tmp", CertificatePem);
        File.WriteAllText(keyFile + ".tmp", KeyPem);
        File.Move(certFile + ".tmp", certFile, true);
        File.Move(keyFile + ".tmp", keyFile, true);
    }
}
