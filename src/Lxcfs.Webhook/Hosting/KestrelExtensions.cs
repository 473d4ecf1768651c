using System.Net;
using System.Security.Authentication;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Hosting;

/// <summary>HTTPS (TLS 1.2+) for admission, optional plain HTTP for probes, and limits so slow clients cannot hold it.</summary>
public static class KestrelExtensions
{
    public static IWebHostBuilder ConfigureLxcfsKestrel(this IWebHostBuilder webHost) => webHost.ConfigureKestrel(kestrel =>
    {
        var tls = kestrel.ApplicationServices.GetRequiredService<IOptions<TlsOptions>>().Value;
        var store = kestrel.ApplicationServices.GetRequiredService<CertificateStore>();
        var address = IPAddress.Parse(tls.Address);

        kestrel.AddServerHeader = false;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(90);
        kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        kestrel.Limits.MaxConcurrentConnections = 4096;

        kestrel.Listen(address, tls.HttpsPort, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            HandshakeTimeout = TimeSpan.FromSeconds(5),
            // Asked per handshake: a reloaded certificate applies to new connections at once.
            ServerCertificateSelector = (_, _) => store.Current,
        }));
        if (tls.HealthPort > 0)
        {
            kestrel.Listen(address, tls.HealthPort);
        }
    });
}
