namespace Lxcfs.Webhook.Configuration;

/// <summary>Where the serving certificate comes from.</summary>
public enum CertificateMode
{
    /// <summary>PEM files (a mounted Secret, e.g. from cert-manager), reloaded when they change.</summary>
    Files,

    /// <summary>The webhook keeps its own CA and serving certificate in a Secret and writes the caBundle.</summary>
    SelfManaged,
}

/// <summary>Listening and certificate settings (section "Tls").</summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    public CertificateMode Mode { get; set; } = CertificateMode.Files;

    public string Address { get; set; } = "0.0.0.0";

    public int HttpsPort { get; set; } = 8443;

    /// <summary>Plain-HTTP port for /healthz, /readyz and /metrics only (kubelet probes, scrapers); 0 disables it.</summary>
    public int HealthPort { get; set; } = 8080;

    public string CertFile { get; set; } = "/etc/lxcfs-webhook/tls/tls.crt";

    public string KeyFile { get; set; } = "/etc/lxcfs-webhook/tls/tls.key";

    /// <summary>How often the files are checked; a mounted Secret changes by a symlink swap, which watchers miss.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    public SelfManagedOptions SelfManaged { get; set; } = new();

    /// <summary>
    /// Kestrel:Certificates:Default (Path and KeyPath, PEM), as any ASP.NET Core service is given its
    /// certificate, stands for <see cref="CertFile"/> and <see cref="KeyFile"/>: reloaded the same way.
    /// </summary>
    internal void ApplyKestrelDefaultCertificate(IConfiguration configuration)
    {
        var section = configuration.GetSection("Kestrel:Certificates:Default");
        if (section["Path"] is not { Length: > 0 } path)
        {
            return;
        }

        KestrelCertificate = true;
        CertFile = path;
        KeyFile = section["KeyPath"] ?? "";
    }

    /// <summary>Whether the files came from Kestrel:Certificates:Default.</summary>
    internal bool KestrelCertificate { get; private set; }

    internal IEnumerable<string> Problems()
    {
        if (KestrelCertificate && KeyFile.Length == 0)
        {
            yield return "Kestrel:Certificates:Default:KeyPath is required: the webhook reads a PEM certificate and its PEM key";
        }

        if (KestrelCertificate && Mode == CertificateMode.SelfManaged)
        {
            yield return "Kestrel:Certificates:Default and Tls:Mode SelfManaged both give the certificate: choose one";
        }
    }
}

/// <summary>Settings of <see cref="CertificateMode.SelfManaged"/>.</summary>
public sealed class SelfManagedOptions
{
    /// <summary>Kubeconfig file; empty means in-cluster configuration.</summary>
    public string? Kubeconfig { get; set; }

    public string Namespace { get; set; } = "lxcfs-webhook";

    public string SecretName { get; set; } = "lxcfs-webhook-tls";

    /// <summary>The Service in front of the webhook; its DNS names go into the certificate.</summary>
    public string ServiceName { get; set; } = "lxcfs-webhook";

    public IList<string> ExtraDnsNames { get; set; } = [];

    public IList<string> ExtraIpAddresses { get; set; } = [];

    public string MutatingWebhookConfiguration { get; set; } = "lxcfs-webhook";

    public string ValidatingWebhookConfiguration { get; set; } = "lxcfs-webhook";

    /// <summary>How often the caBundle is re-checked (a chart upgrade may have reset it).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);
}
