using System.Net;
using System.Net.Sockets;
using Lxcfs.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>The real webhook application on real Kestrel, on loopback, on ports chosen by the kernel.</summary>
public sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, string directory, Uri https, Uri? health)
    {
        _app = app;
        Directory = directory;
        HttpsUri = https;
        HealthUri = health;
    }

    public string Directory { get; }

    public Uri HttpsUri { get; }

    public Uri? HealthUri { get; }

    public IServiceProvider Services => _app.Services;

    public string CertFile => Path.Combine(Directory, "tls.crt");

    public string KeyFile => Path.Combine(Directory, "tls.key");

    /// <summary>Starts with the certificate files of <paramref name="certificates"/> (null: self-managed settings must be given).</summary>
    public static async Task<WebhookHost> StartAsync(TestCertificates? certificates, IDictionary<string, string?>? settings = null, bool healthPort = true)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("lxcfs-webhook-test-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Tls:Address"] = "127.0.0.1",
            ["Tls:HttpsPort"] = "0",
            ["Tls:HealthPort"] = healthPort ? FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            ["Tls:CertFile"] = Path.Combine(directory, "tls.crt"),
            ["Tls:KeyFile"] = Path.Combine(directory, "tls.key"),
            ["Tls:ReloadInterval"] = "00:00:00.200",
            ["Webhook:BodyReadTimeout"] = "00:00:01",
            ["Logging:Serilog:MinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        certificates?.WriteTo(config["Tls:CertFile"]!, config["Tls:KeyFile"]!);
        var app = WebhookApplication.Create([], c => c.AddInMemoryCollection(config));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return new WebhookHost(app, directory, addresses.Single(a => a.Scheme == "https"), addresses.SingleOrDefault(a => a.Scheme == "http"));
    }

    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, true);
    }
}
