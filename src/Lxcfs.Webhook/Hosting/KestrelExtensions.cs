using System.Net;
using System.Security.Authentication;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Hosting;

/// <summary>
/// HTTPS (TLS 1.2+) for admission, optional plain HTTP for probes, and limits so slow clients cannot hold it.
/// Where admission listens follows ASP.NET Core's own settings when they are given (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTPS_PORTS</c>, <c>Kestrel:Endpoints</c>), else Tls:Address and
/// Tls:HttpsPort. Every HTTPS endpoint serves the certificate of the <see cref="CertificateStore"/>, so a
/// renewed certificate applies to new connections at once.
/// </summary>
public static class KestrelExtensions
{
    public static IWebHostBuilder ConfigureLxcfsKestrel(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        var endpoints = AdmissionEndpoints.From(configuration);
        // The addresses are bound here, not by the host: with a health port beside them the host would
        // otherwise drop them with a warning. Plain HTTP ports (the ASP.NET images set HTTP_PORTS) are
        // not admission endpoints.
        webHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        webHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        webHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
        return webHost.ConfigureKestrel(kestrel =>
        {
            var tls = kestrel.ApplicationServices.GetRequiredService<IOptions<TlsOptions>>().Value;
            var store = kestrel.ApplicationServices.GetRequiredService<CertificateStore>();

            kestrel.AddServerHeader = false;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(90);
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 4096;
            kestrel.Limits.MaxRequestBufferSize = 64 * 1024;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.HandshakeTimeout = TimeSpan.FromSeconds(5);
                // Asked per handshake: a reloaded certificate applies to new connections at once.
                https.ServerCertificateSelector = (_, _) => store.Current;
            });

            var address = IPAddress.Parse(tls.Address);
            if (endpoints.Addresses.Count == 0 && !endpoints.FromKestrelSection)
            {
                kestrel.Listen(address, tls.HttpsPort, listen => listen.UseHttps());
            }

            foreach (var endpoint in endpoints.Addresses)
            {
                endpoint.Listen(kestrel, listen => listen.UseHttps());
            }

            if (tls.HealthPort > 0)
            {
                kestrel.Listen(address, tls.HealthPort);
            }
        });
    }
}
