using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;

namespace Lxcfs.Webhook.Certificates;

/// <summary>
/// Writes the CA into <c>caBundle</c> of every webhook in the named Mutating/ValidatingWebhookConfigurations.
/// Read-modify-replace at the read resourceVersion, retried on 409; a configuration already holding the
/// CA is left alone, so replicas converge without fighting.
/// </summary>
public sealed class CaBundleInjector
{
    private const int MaxAttempts = 8;
    private readonly IKubernetes _client;

    public CaBundleInjector(IKubernetes client) => _client = client;

    /// <summary>Returns how many configurations were changed; a missing configuration counts as none.</summary>
    public async Task<int> InjectAsync(string caPem, string? mutatingName, string? validatingName, CancellationToken cancellationToken)
    {
        var ca = Encoding.ASCII.GetBytes(caPem);
        var changed = 0;
        if (!string.IsNullOrEmpty(mutatingName) && await RetryOnConflictAsync(() => MutatingAsync(mutatingName, ca, cancellationToken)))
        {
            changed++;
        }

        if (!string.IsNullOrEmpty(validatingName) && await RetryOnConflictAsync(() => ValidatingAsync(validatingName, ca, cancellationToken)))
        {
            changed++;
        }

        return changed;
    }

    private async Task<bool> MutatingAsync(string name, byte[] ca, CancellationToken cancellationToken)
    {
        var config = await _client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken);
        var stale = config.Webhooks?.Where(w => w.ClientConfig is not null && !ca.AsSpan().SequenceEqual(w.ClientConfig.CaBundle)).ToList() ?? [];
        stale.ForEach(w => w.ClientConfig.CaBundle = ca);
        if (stale.Count > 0)
        {
            await _client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(config, name, cancellationToken: cancellationToken);
        }

        return stale.Count > 0;
    }

    private async Task<bool> ValidatingAsync(string name, byte[] ca, CancellationToken cancellationToken)
    {
        var config = await _client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken);
        var stale = config.Webhooks?.Where(w => w.ClientConfig is not null && !ca.AsSpan().SequenceEqual(w.ClientConfig.CaBundle)).ToList() ?? [];
        stale.ForEach(w => w.ClientConfig.CaBundle = ca);
        if (stale.Count > 0)
        {
            await _client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(config, name, cancellationToken: cancellationToken);
        }

        return stale.Count > 0;
    }

    private static async Task<bool> RetryOnConflictAsync(Func<Task<bool>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && i < MaxAttempts)
            {
            }
        }
    }
}
