using k8s;
using k8s.Models;
using Lxcfs.Webhook.Configuration;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Namespaces;

/// <summary>
/// Keeps <see cref="NamespaceAnnotationCache"/> in step with the API server: list every namespace, then
/// watch from the list's resourceVersion; when the watch ends (the server closes it after a while, or the
/// version is too old) list again. A failure is logged and retried after a pause; meanwhile the cache keeps
/// what it had, and admission goes on without waiting.
/// </summary>
public sealed partial class NamespaceWatcher : BackgroundService
{
    // The server ends a watch after at most this long; listing again then also heals any missed event.
    private const int WatchSeconds = 300;

    // Consecutive failures back off up to this, so a webhook without API access does not flood its log.
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly NamespaceAnnotationCache _cache;
    private readonly NamespaceDefaultsOptions _options;
    private readonly ILogger<NamespaceWatcher> _logger;
    private Kubernetes? _client;

    public NamespaceWatcher(NamespaceAnnotationCache cache, IOptions<WebhookOptions> options, ILogger<NamespaceWatcher> logger)
    {
        _cache = cache;
        _options = options.Value.NamespaceDefaults;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = _options.RetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Made here, not at start: a missing kubeconfig or service account token is retried like
                // an unreachable API server instead of stopping the webhook.
                _client ??= CreateClient();
                var version = await ListAsync(_client, stoppingToken);
                delay = _options.RetryDelay;
                await WatchAsync(_client, version, stoppingToken);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong, the webhook keeps serving: only the defaults may be stale for a while.
                LogWatchFailed(e.Message);
            }

            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxRetryDelay.Ticks));
        }
    }

    private Kubernetes CreateClient() => new(string.IsNullOrEmpty(_options.Kubeconfig)
        ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildConfigFromConfigFile(_options.Kubeconfig));

    private async Task<string> ListAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
        _cache.ReplaceAll(list.Items.Select(n => (n.Metadata.Name, (IDictionary<string, string>?)n.Metadata.Annotations)));
        LogListed(list.Items.Count);
        return list.Metadata.ResourceVersion;
    }

    private async Task WatchAsync(Kubernetes client, string version, CancellationToken cancellationToken)
    {
        var watch = client.CoreV1.WatchListNamespaceAsync(
            resourceVersion: version, allowWatchBookmarks: true, timeoutSeconds: WatchSeconds, cancellationToken: cancellationToken);
        await foreach (var (type, ns) in watch.WithCancellation(cancellationToken))
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    _cache.Set(ns.Metadata.Name, ns.Metadata.Annotations);
                    break;
                case WatchEventType.Deleted:
                    _cache.Remove(ns.Metadata.Name);
                    break;
                case WatchEventType.Error:
                    // Typically "resource version too old": only a new list can continue from here.
                    return;
            }
        }
    }

    public override void Dispose()
    {
        _client?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Listed {Count} namespaces for namespace defaults")]
    private partial void LogListed(int count);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Watching namespaces failed, retrying: {Reason}")]
    private partial void LogWatchFailed(string reason);
}
