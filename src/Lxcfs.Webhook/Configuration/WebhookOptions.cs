using System.ComponentModel.DataAnnotations;

namespace Lxcfs.Webhook.Configuration;

/// <summary>What the webhook mutates and which pods it leaves alone (opted out, daemons, system namespaces).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>Where the node daemon (ours or stock lxcfs) serves its files on every node.</summary>
    [Required]
    public string MountRoot { get; set; } = "/var/lib/lxcfs";

    /// <summary>
    /// Container paths bind-mounted from <see cref="MountRoot"/>. Configurable because old runc versions and
    /// some AppArmor profiles refuse bind mounts over /proc/loadavg and /proc/swaps.
    /// </summary>
    [Required]
    public IList<string> Files { get; set; } = [];

    /// <summary>The namespace label the webhook configurations select on (documentation and self-managed mode).</summary>
    [Required]
    public string NamespaceLabel { get; set; } = "lxcfs-admission-webhook=enabled";

    /// <summary>
    /// Annotation prefixes honoured for <c>&lt;prefix&gt;/mutate</c> and <c>&lt;prefix&gt;/status</c>. The first one is
    /// ours and is the one written; the others keep pods written for other lxcfs webhooks working.
    /// </summary>
    [Required]
    public IList<string> AnnotationPrefixes { get; set; } = [];

    public bool IncludeInitContainers { get; set; } = true;

    /// <summary>Pods carrying any of these labels (<c>key=value</c>) are never mutated: the daemon's own pods.</summary>
    public IList<string> ExcludePodLabels { get; set; } = [];

    /// <summary>
    /// Namespaces whose pods are never given the files, even when labelled (on 1.20 the webhook
    /// configurations cannot exclude a namespace by name). The chart adds its release namespace.
    /// </summary>
    public IList<string> SystemNamespaces { get; set; } = [];

    /// <summary>Largest AdmissionReview body accepted; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 7 * 1024 * 1024;

    /// <summary>
    /// Largest patch the webhook writes. A pod whose mounts would take more (hundreds of containers) is
    /// skipped ("skipped: too-large"): once mutated, the API server could not store it anyway.
    /// </summary>
    [Range(16 * 1024, 16 * 1024 * 1024)]
    public int MaxPatchBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Memory that the reviews being read and answered may hold at once (each counts twice its body plus
    /// three times <see cref="MaxPatchBytes"/>); a review that does not fit waits for others to finish.
    /// </summary>
    [Range(1024 * 1024, 1024L * 1024 * 1024)]
    public long InFlightBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>A client that has not sent its whole body within this time gets 408 and the connection closes.</summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether (and how) namespace annotations supply defaults for the pods' limits-environment switches.</summary>
    public NamespaceDefaultsOptions NamespaceDefaults { get; set; } = new();

    public string PrimaryPrefix => AnnotationPrefixes[0];

    public string StatusAnnotation => PrimaryPrefix + "/status";

    /// <summary>Defaults applied after binding so that a configured list replaces, rather than extends, them.</summary>
    internal void ApplyDefaults()
    {
        if (Files.Count == 0)
        {
            Files = [.. DefaultFiles];
        }

        if (AnnotationPrefixes.Count == 0)
        {
            AnnotationPrefixes = ["lxcfs-admission-webhook", "lxcfs-admission-webhook.aliyun.com"];
        }

        if (ExcludePodLabels.Count == 0)
        {
            ExcludePodLabels = ["app.kubernetes.io/component=lxcfs-daemon"];
        }

        if (SystemNamespaces.Count == 0)
        {
            SystemNamespaces = [.. DefaultSystemNamespaces];
        }
    }

    public static IReadOnlyList<string> DefaultSystemNamespaces { get; } = ["kube-system", "kube-public", "kube-node-lease"];

    public static IReadOnlyList<string> DefaultFiles { get; } =
    [
        "/proc/cpuinfo", "/proc/meminfo", "/proc/diskstats", "/proc/stat",
        "/proc/swaps", "/proc/uptime", "/proc/loadavg", "/sys/devices/system/cpu/online",
    ];
}
