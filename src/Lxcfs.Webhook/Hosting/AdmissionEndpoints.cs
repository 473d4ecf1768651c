using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Lxcfs.Webhook.Hosting;

/// <summary>
/// The admission endpoints given the ASP.NET Core way: "urls" (<c>--urls</c>, <c>ASPNETCORE_URLS</c>),
/// "https_ports" (<c>ASPNETCORE_HTTPS_PORTS</c>) or <c>Kestrel:Endpoints</c> (which Kestrel binds itself).
/// Admission is HTTPS only: a plain-HTTP address is refused at start, not served with 404s.
/// </summary>
internal sealed record AdmissionEndpoints(IReadOnlyList<AdmissionEndpoints.Address> Addresses, bool FromKestrelSection)
{
    public static AdmissionEndpoints From(IConfiguration configuration)
    {
        var addresses = new List<Address>();
        foreach (var url in Split(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            addresses.Add(Address.Parse(url));
        }

        foreach (var port in Split(configuration[WebHostDefaults.HttpsPortsKey]))
        {
            addresses.Add(new Address(null, ParsePort(port, "https_ports")));
        }

        var fromKestrel = false;
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            fromKestrel = true;
            var url = endpoint["Url"] ?? throw Refused($"Kestrel:Endpoints:{endpoint.Key} has no Url");
            RequireHttps(url);
            if (endpoint.GetSection("Certificate").Exists())
            {
                throw Refused($"Kestrel:Endpoints:{endpoint.Key}:Certificate: the webhook serves one certificate on every endpoint; give it as Kestrel:Certificates:Default or Tls:CertFile/KeyFile");
            }
        }

        return new AdmissionEndpoints(addresses, fromKestrel);
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void RequireHttps(string url)
    {
        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"{url}: admission is served over HTTPS only (probes and /metrics have the plain-HTTP Tls:HealthPort)");
        }
    }

    private static int ParsePort(string text, string setting) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw Refused($"{setting}: '{text}' is not a port");

    private static InvalidOperationException Refused(string reason) => new($"admission endpoint refused: {reason}");

    /// <summary>One address to listen on: a host (null for every address) and a port.</summary>
    public sealed record Address(string? Host, int Port)
    {
        public static Address Parse(string url)
        {
            RequireHttps(url);
            var binding = BindingAddress.Parse(url);
            if (binding.IsUnixPipe || binding.PathBase.Length > 0)
            {
                throw Refused($"{url}: only a host and port are supported");
            }

            return new Address(binding.Host is "*" or "+" or "0.0.0.0" or "[::]" or "::" ? null : binding.Host, binding.Port);
        }

        public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configure)
        {
            if (Host is null)
            {
                kestrel.ListenAnyIP(Port, configure);
            }
            else if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(Port, configure);
            }
            else if (IPAddress.TryParse(Host.Trim('[', ']'), out var ip))
            {
                kestrel.Listen(ip, Port, configure);
            }
            else
            {
                throw Refused($"https://{Host}:{Port}: give an IP address, localhost or * (Kestrel does not resolve names to listen on)");
            }
        }
    }
}
