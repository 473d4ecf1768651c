using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>An HttpClient that trusts exactly one CA, as the API server does with a caBundle.</summary>
public static class TrustingClient
{
    public static HttpClient Create(X509Certificate2 ca, Action<X509Certificate2>? seen = null) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validator(ca, seen) },
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static RemoteCertificateValidationCallback Validator(X509Certificate2 ca, Action<X509Certificate2>? seen = null) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            seen?.Invoke(leaf);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && chain.Build(leaf);
        };
}
