using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>A TLS connection driven byte by byte, for clients HttpClient will not imitate (stalling ones).</summary>
public sealed class RawTlsConnection : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _ssl;

    private RawTlsConnection(TcpClient tcp, SslStream ssl)
    {
        _tcp = tcp;
        _ssl = ssl;
    }

    public SslProtocols Protocol => _ssl.SslProtocol;

    public X509Certificate2? RemoteCertificate => _ssl.RemoteCertificate is { } c ? X509CertificateLoader.LoadCertificate(c.GetRawCertData()) : null;

    public static async Task<RawTlsConnection> OpenAsync(Uri server, X509Certificate2 ca, SslProtocols protocols = SslProtocols.None)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = TrustingClient.Validator(ca),
        });
        return new RawTlsConnection(tcp, ssl);
    }

    public async Task WriteAsync(string text)
    {
        await _ssl.WriteAsync(Encoding.ASCII.GetBytes(text));
        await _ssl.FlushAsync();
    }

    /// <summary>Everything the server sends until it closes the connection or the time is up.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await _ssl.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // What arrived before the close or the deadline is the answer.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    public void Dispose()
    {
        _ssl.Dispose();
        _tcp.Dispose();
    }
}
