using System.Security.Cryptography;
using Lxcfs.Webhook.Configuration;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Tls;

/// <summary>
/// Loads the certificate and key files at start and again whenever their content changes (cert-manager
/// renewals). Polls by content hash: a mounted Secret is updated by an atomic symlink swap that file
/// watchers do not report reliably. A half-written or mismatched pair is ignored until it is whole.
/// </summary>
public sealed partial class CertificateFileWatcher : BackgroundService
{
    private readonly CertificateStore _store;
    private readonly TlsOptions _options;
    private readonly ILogger<CertificateFileWatcher> _logger;
    private byte[] _loadedHash = [];

    public CertificateFileWatcher(CertificateStore store, IOptions<TlsOptions> options, ILogger<CertificateFileWatcher> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        TryReload();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReloadInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            TryReload();
        }
    }

    /// <summary>True when a new certificate was loaded.</summary>
    public bool TryReload()
    {
        try
        {
            var cert = File.ReadAllBytes(_options.CertFile);
            var key = File.ReadAllBytes(_options.KeyFile);
            var hash = SHA256.HashData([.. cert, .. key]);
            if (hash.AsSpan().SequenceEqual(_loadedHash))
            {
                return false;
            }

            var certificate = PemCertificateLoader.FromPem(System.Text.Encoding.UTF8.GetString(cert), System.Text.Encoding.UTF8.GetString(key));
            _store.Set(certificate);
            _loadedHash = hash;
            LogLoaded(certificate.Subject, certificate.NotAfter, _options.CertFile);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            LogLoadFailed(_options.CertFile, e.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Loaded serving certificate {Subject}, valid until {NotAfter:o}, from {File}")]
    private partial void LogLoaded(string subject, DateTime notAfter, string file);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not load the certificate from {File}: {Reason}")]
    private partial void LogLoadFailed(string file, string reason);
}
