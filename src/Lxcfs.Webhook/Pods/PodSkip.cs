namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Why a pod is left without the lxcfs files. <see cref="Reason"/> is stable: it is the status annotation's
/// value after "skipped: " and the reason label of lxcfs_webhook_skipped_pods_total; <see cref="Detail"/> is
/// for the log.
/// </summary>
public sealed record PodSkip(string Reason, string Detail)
{
    /// <summary>The pod's namespace is one of the configured system namespaces.</summary>
    public const string SystemNamespace = "system-namespace";

    /// <summary>The pod is a node daemon (ours or stock lxcfs): its own mounts are the source of the files.</summary>
    public const string Daemon = "daemon";

    /// <summary>The pod runs on Windows nodes, which have neither /proc nor the daemon.</summary>
    public const string Windows = "windows";

    /// <summary>The pod says so with "&lt;prefix&gt;/mutate": "false".</summary>
    public const string OptedOut = "opted-out";

    /// <summary>The mounts would make a patch over Webhook:MaxPatchBytes (a pod of hundreds of containers).</summary>
    public const string TooLarge = "too-large";

    public static IReadOnlyList<string> Reasons { get; } = [SystemNamespace, Daemon, Windows, OptedOut, TooLarge];

    public string StatusValue => AnnotationValues.SkippedPrefix + Reason;
}
