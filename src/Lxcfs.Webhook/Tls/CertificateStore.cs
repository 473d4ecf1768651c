using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.Webhook.Tls;

/// <summary>
/// The serving certificate in use. Kestrel asks for it on every handshake, so a replaced certificate
/// takes effect for new connections without a restart. The previous one is not disposed: connections
/// that negotiated with it may still be using it.
/// </summary>
public sealed class CertificateStore
{
    private volatile X509Certificate2? _current;

    public X509Certificate2? Current => _current;

    public event Action<X509Certificate2>? Changed;

    public void Set(X509Certificate2 certificate)
    {
        _current = certificate;
        Changed?.Invoke(certificate);
    }
}
