using k8s;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Tls;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Certificates;

/// <summary>
/// Self-managed certificate mode: before the server starts, make or adopt the Secret's CA and serving
/// certificate and use it; then keep the webhook configurations' caBundle in step and renew the
/// serving certificate before it expires.
/// </summary>
public sealed partial class SelfManagedCertificateService : BackgroundService
{
    private readonly CertificateStore _store;
    private readonly SelfManagedOptions _options;
    private readonly ILogger<SelfManagedCertificateService> _logger;
    private readonly Kubernetes _client;
    private readonly CertificateSecret _secret;
    private readonly CaBundleInjector _injector;
    private CertificateMaterial? _material;

    public SelfManagedCertificateService(CertificateStore store, IOptions<TlsOptions> options, ILogger<SelfManagedCertificateService> logger, TimeProvider time)
    {
        _store = store;
        _options = options.Value.SelfManaged;
        _logger = logger;
        var config = string.IsNullOrEmpty(_options.Kubeconfig)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(_options.Kubeconfig);
        _client = new Kubernetes(config);
        _secret = new CertificateSecret(_client, _options.Namespace, _options.SecretName, ServingNames(_options), time);
        _injector = new CaBundleInjector(_client);
    }

    /// <summary>The names the serving certificate must cover: the Service's DNS names plus configured extras.</summary>
    public static IReadOnlyList<string> ServingNames(SelfManagedOptions options)
    {
        var service = options.ServiceName;
        var ns = options.Namespace;
        return [$"{service}.{ns}.svc", service, $"{service}.{ns}", $"{service}.{ns}.svc.cluster.local", .. options.ExtraDnsNames, .. options.ExtraIpAddresses];
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Blocks the host start on purpose: serving without the certificate is pointless, and the
        // readiness probe keeps the pod out of the Service until this has succeeded.
        await SyncAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSyncFailed(e.Message);
            }
        }
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var material = await _secret.EnsureAsync(cancellationToken);
        if (material != _material)
        {
            _store.Set(PemCertificateLoader.FromPem(material.CertificatePem, material.KeyPem));
            _material = material;
            LogCertificateInUse(_options.Namespace, _options.SecretName);
        }

        var changed = await _injector.InjectAsync(material.CaCertificatePem, _options.MutatingWebhookConfiguration, _options.ValidatingWebhookConfiguration, cancellationToken);
        if (changed > 0)
        {
            LogCaBundleWritten(changed);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Serving the certificate from Secret {Namespace}/{Secret}")]
    private partial void LogCertificateInUse(string @namespace, string secret);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Wrote the CA into caBundle of {Count} webhook configuration(s)")]
    private partial void LogCaBundleWritten(int count);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Certificate resync failed: {Reason}")]
    private partial void LogSyncFailed(string reason);
}
