using k8s.Models;
using Lxcfs.Webhook.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace Lxcfs.Chart.Tests;

/// <summary>
/// The environment the chart gives the webhook binds to the webhook's own option classes, with unknown
/// keys failing: a renamed option or a misspelt variable breaks here, not on a cluster.
/// </summary>
public sealed class WebhookEnvironmentTests
{
    private static readonly string[] s_sections = ["Tls", "Webhook", "Logging"];

    [Theory]
    [MemberData(nameof(RenderScenario.Names), MemberType = typeof(RenderScenario))]
    public async Task Every_variable_binds_to_an_option_of_the_webhook(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));
        var configuration = Configuration(rendered.WebhookContainer);

        var tls = Bind<TlsOptions>(configuration, TlsOptions.SectionName);
        var webhook = Bind<WebhookOptions>(configuration, WebhookOptions.SectionName);

        tls.HttpsPort.Should().Be(8443);
        tls.HealthPort.Should().Be(8080);
        webhook.MountRoot.Should().Be("/var/lib/lxcfs");
        webhook.Files.Should().Equal(
            "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat", "/proc/swaps", "/proc/uptime",
            "/proc/loadavg", "/sys/devices/system/cpu/online");
        webhook.NamespaceLabel.Should().Be("lxcfs-admission-webhook=enabled");
        webhook.AnnotationPrefixes.Should().Equal("lxcfs-admission-webhook");
        webhook.ExcludePodLabels.Should().Equal("app.kubernetes.io/part-of=lxcfs-webhook");
        webhook.SystemNamespaces.Should().Equal("lxcfs", "kube-system", "kube-public", "kube-node-lease");
        webhook.NamespaceDefaults.Enabled.Should().BeTrue();
        configuration.GetValue<LogEventLevel>("Logging:Serilog:MinimumLevel").Should().Be(LogEventLevel.Information);
        rendered.WebhookContainer.Env.Select(e => e.Name.Split("__")[0])
            .Should().OnlyContain(section => s_sections.Contains(section) || section.StartsWith("DOTNET_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Self_managed_mode_names_the_secret_service_and_configurations_the_chart_renders()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        var tls = Bind<TlsOptions>(Configuration(rendered.WebhookContainer), TlsOptions.SectionName);

        tls.Mode.Should().Be(CertificateMode.SelfManaged);
        tls.SelfManaged.Namespace.Should().Be("lxcfs");
        tls.SelfManaged.SecretName.Should().Be(rendered.Single<V1Secret>().Metadata.Name);
        tls.SelfManaged.ServiceName.Should().Be(rendered.Single<V1Service>().Metadata.Name);
        tls.SelfManaged.MutatingWebhookConfiguration.Should().Be(rendered.Single<V1MutatingWebhookConfiguration>().Metadata.Name);
        tls.SelfManaged.ValidatingWebhookConfiguration.Should().Be(rendered.Single<V1ValidatingWebhookConfiguration>().Metadata.Name);
        tls.SelfManaged.Kubeconfig.Should().BeNull("in the cluster the webhook uses its service account");
    }

    [Theory]
    [InlineData("cert-manager")]
    [InlineData("secret")]
    public async Task Secret_backed_modes_read_the_files_of_the_mounted_secret(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));

        var tls = Bind<TlsOptions>(Configuration(rendered.WebhookContainer), TlsOptions.SectionName);

        tls.Mode.Should().Be(CertificateMode.Files);
        var mount = rendered.WebhookContainer.VolumeMounts.Single(m => m.Name == "tls").MountPath;
        tls.CertFile.Should().Be(mount + "/tls.crt");
        tls.KeyFile.Should().Be(mount + "/tls.key");
    }

    [Fact]
    public void A_misspelt_variable_fails_to_bind()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Webhook:MountRoots", "/var/lib/lxcfs")])
            .Build();

        var bind = () => Bind<WebhookOptions>(configuration, WebhookOptions.SectionName);

        bind.Should().Throw<InvalidOperationException>().WithMessage("*MountRoots*");
    }

    // Downward-API values are what the kubelet would fill in for a pod in the release namespace.
    private static IConfiguration Configuration(V1Container container) => new ConfigurationBuilder()
        .AddInMemoryCollection(container.Env.Select(e => new KeyValuePair<string, string?>(
            e.Name.Replace("__", ":", StringComparison.Ordinal),
            e.ValueFrom?.FieldRef?.FieldPath == "metadata.namespace" ? "lxcfs" : e.Value)))
        .Build();

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
