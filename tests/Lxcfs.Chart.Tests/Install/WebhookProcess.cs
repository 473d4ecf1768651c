using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>
/// The project's webhook (lxcfs-webhook.dll, built with this test project) run as a local process on
/// loopback with PEM files, configured through the same environment variables the chart renders.
/// Stopped by its own pid.
/// </summary>
internal sealed class WebhookProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _tls;
    private readonly StringBuilder _output = new();

    private WebhookProcess(Process process, DirectoryInfo tls, int port)
    {
        _process = process;
        _tls = tls;
        Url = new Uri($"https://127.0.0.1:{port}");
    }

    public Uri Url { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WebhookProcess> StartAsync(TestCertificates certificates, IReadOnlyDictionary<string, string> environment)
    {
        var tls = Directory.CreateTempSubdirectory("lxcfs-chart-webhook-");
        await File.WriteAllTextAsync(Path.Combine(tls.FullName, "tls.crt"), certificates.Server.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(tls.FullName, "tls.key"), certificates.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lxcfs-webhook.dll"));
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["Tls__Mode"] = "Files";
        info.Environment["Tls__Address"] = "127.0.0.1";
        info.Environment["Tls__HttpsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Tls__HealthPort"] = "0";
        info.Environment["Tls__CertFile"] = Path.Combine(tls.FullName, "tls.crt");
        info.Environment["Tls__KeyFile"] = Path.Combine(tls.FullName, "tls.key");
        var webhook = new WebhookProcess(Process.Start(info)!, tls, port);
        webhook._process.OutputDataReceived += (_, e) => webhook.Append(e.Data);
        webhook._process.ErrorDataReceived += (_, e) => webhook.Append(e.Data);
        webhook._process.BeginOutputReadLine();
        webhook._process.BeginErrorReadLine();
        await webhook.WaitReadyAsync(certificates);
        return webhook;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _tls.Delete(recursive: true);
    }

    private async Task WaitReadyAsync(TestCertificates certificates)
    {
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Issuer == certificates.Ca.Subject,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"lxcfs-webhook exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"lxcfs-webhook not ready within 60 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
