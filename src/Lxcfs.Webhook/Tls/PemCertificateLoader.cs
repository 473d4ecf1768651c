using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.Webhook.Tls;

/// <summary>Loads a certificate and its private key from PEM text or files.</summary>
public static class PemCertificateLoader
{
    public static X509Certificate2 FromPem(string certificatePem, string keyPem)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    public static X509Certificate2 FromFiles(string certificateFile, string keyFile) =>
        FromPem(File.ReadAllText(certificateFile), File.ReadAllText(keyFile));
}
