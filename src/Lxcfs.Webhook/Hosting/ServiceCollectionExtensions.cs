using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Certificates;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Observability;
using Lxcfs.Webhook.Pods;
using Lxcfs.Webhook.Tls;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Hosting;

/// <summary>Registers options, the admission handlers and the certificate source chosen by configuration.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddLxcfsWebhook(this IServiceCollection services, IConfiguration configuration)
    {
        WebhookMetrics.EnsureRegistered();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).PostConfigure(o => o.ApplyDefaults()).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.SectionName)
            .PostConfigure(o => o.ApplyKestrelDefaultCertificate(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LxcfsAnnotations(Options(sp)));
        services.AddSingleton(sp => new PodSelection(Options(sp), sp.GetRequiredService<LxcfsAnnotations>()));
        services.AddSingleton(sp => new PodMutator(Options(sp)));
        services.AddSingleton(sp => new LimitsEnvironment(Options(sp), sp.GetRequiredService<LxcfsAnnotations>()));
        services.AddSingleton<NamespaceAnnotationCache>();
        if (configuration.GetSection(WebhookOptions.SectionName).GetValue("NamespaceDefaults:Enabled", false))
        {
            services.AddHostedService<NamespaceWatcher>();
        }

        services.AddSingleton(sp => new InFlightBudget(Options(sp).InFlightBytes));
        // A body of 128 KiB is already twenty times an ordinary pod's review.
        services.AddSingleton(sp => new MemoryReclaimer(
            sp.GetRequiredService<InFlightBudget>(), AdmissionEndpoint.Reservation(Options(sp), 128 * 1024), TimeSpan.FromSeconds(2),
            sp.GetRequiredService<ILogger<MemoryReclaimer>>()));
        services.AddSingleton<MutatingHandler>();
        services.AddSingleton<ValidatingHandler>();

        services.AddSingleton<CertificateStore>();
        var mode = configuration.GetSection(TlsOptions.SectionName).GetValue(nameof(TlsOptions.Mode), CertificateMode.Files);
        if (mode == CertificateMode.SelfManaged)
        {
            services.AddHostedService<SelfManagedCertificateService>();
        }
        else
        {
            services.AddSingleton<CertificateFileWatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<CertificateFileWatcher>());
        }

        return services;
    }

    private static WebhookOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<WebhookOptions>>().Value;
}
