using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.WebhookBench;

/// <summary>The baseline: Kestrel with the same TLS settings, reading the body and answering constant bytes.</summary>
internal static class ConstantServer
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var response = await File.ReadAllBytesAsync(args["response"]);
        using var ephemeral = X509Certificate2.CreateFromPemFile(args["cert"], args["key"]);
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, args.Int("port"), l => l.UseHttps(h =>
        {
            h.ServerCertificate = certificate;
            h.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        })));
        var app = builder.Build();
        app.MapPost("/mutate", async (HttpContext context) =>
        {
            // Read the whole body, as the webhook must, so the baseline does the same I/O.
            var reader = context.Request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync();
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = response.Length;
            await context.Response.Body.WriteAsync(response);
        });
        await app.RunAsync();
        return 0;
    }
}
