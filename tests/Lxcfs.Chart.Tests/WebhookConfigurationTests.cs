using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The admission configurations: who is sent to the webhook, and that an outage never blocks pods.</summary>
public sealed class WebhookConfigurationTests
{
    public static TheoryData<string> Scenarios => RenderScenario.Names;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Both_webhooks_are_safe_by_default(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));
        var mutating = rendered.Single<V1MutatingWebhookConfiguration>().Webhooks.Should().ContainSingle().Subject;
        var validating = rendered.Single<V1ValidatingWebhookConfiguration>().Webhooks.Should().ContainSingle().Subject;

        mutating.FailurePolicy.Should().Be("Ignore");
        mutating.SideEffects.Should().Be("None");
        mutating.TimeoutSeconds.Should().Be(5);
        mutating.ReinvocationPolicy.Should().Be("IfNeeded");
        mutating.AdmissionReviewVersions.Should().Equal("v1", "v1beta1");
        mutating.Rules.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1RuleWithOperations
        {
            ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE"], Resources = ["pods"], Scope = "Namespaced",
        });
        validating.FailurePolicy.Should().Be("Ignore");
        validating.SideEffects.Should().Be("None");
        validating.TimeoutSeconds.Should().Be(5);
        validating.AdmissionReviewVersions.Should().Equal("v1", "v1beta1");
        validating.Rules.Should().ContainSingle().Which.Operations.Should().Equal("CREATE", "UPDATE");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Only_labelled_namespaces_and_never_the_release_namespace_or_the_clusters_own(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));

        foreach (var selector in NamespaceSelectors(rendered))
        {
            selector.MatchLabels.Should().BeNull();
            selector.MatchExpressions.Should().BeEquivalentTo(new[]
            {
                new V1LabelSelectorRequirement { Key = "lxcfs-admission-webhook", OperatorProperty = "In", Values = ["enabled"] },
                new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "NotIn", Values = ["lxcfs", "kube-system", "kube-public", "kube-node-lease"] },
            });
        }
    }

    [Fact]
    public async Task Extra_excluded_namespaces_join_the_exclusion()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario("excluded", "--set", "webhook.excludedNamespaces={monitoring,kube-system}"));

        NamespaceSelectors(rendered).Should().AllSatisfy(s => s.MatchExpressions.Single(e => e.OperatorProperty == "NotIn")
            .Values.Should().Equal("lxcfs", "kube-system", "kube-public", "kube-node-lease", "monitoring"));
        rendered.WebhookContainer.Env.Where(e => e.Name.StartsWith("Webhook__SystemNamespaces__", StringComparison.Ordinal)).Select(e => e.Value).Should().Equal("lxcfs", "kube-system", "kube-public", "kube-node-lease", "monitoring");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_chart_s_own_pods_and_labelled_out_pods_are_never_sent(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));
        var selectors = new[]
        {
            rendered.Single<V1MutatingWebhookConfiguration>().Webhooks.Single().ObjectSelector,
            rendered.Single<V1ValidatingWebhookConfiguration>().Webhooks.Single().ObjectSelector,
        };

        selectors.Should().AllSatisfy(s => s.MatchExpressions.Should().BeEquivalentTo(new[]
        {
            new V1LabelSelectorRequirement { Key = "app.kubernetes.io/part-of", OperatorProperty = "NotIn", Values = ["lxcfs-webhook"] },
            new V1LabelSelectorRequirement { Key = "lxcfs-admission-webhook", OperatorProperty = "NotIn", Values = ["disabled"] },
            new V1LabelSelectorRequirement { Key = "lxcfs-admission-webhook/inject", OperatorProperty = "NotIn", Values = ["false"] },
        }));
        rendered.Daemon.Spec.Template.Metadata.Labels.Should().Contain("app.kubernetes.io/part-of", "lxcfs-webhook");
        rendered.Webhook.Spec.Template.Metadata.Labels.Should().Contain("app.kubernetes.io/part-of", "lxcfs-webhook");
    }

    [Fact]
    public async Task By_default_the_API_server_calls_the_service_on_the_two_paths()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        ClientConfig(rendered, mutating: true).Should().BeEquivalentTo(new Admissionregistrationv1WebhookClientConfig
        {
            Service = new Admissionregistrationv1ServiceReference { Name = "lxcfs-webhook", NamespaceProperty = "lxcfs", Path = "/mutate", Port = 443 },
        });
        ClientConfig(rendered, mutating: false).Should().BeEquivalentTo(new Admissionregistrationv1WebhookClientConfig
        {
            Service = new Admissionregistrationv1ServiceReference { Name = "lxcfs-webhook", NamespaceProperty = "lxcfs", Path = "/validate", Port = 443 },
        });
        rendered.Single<V1Service>().Spec.Ports.Should().ContainSingle().Which.Port.Should().Be(443);
    }

    [Fact]
    public async Task Url_mode_points_both_webhooks_at_the_url_with_its_CA()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Url);
        var ca = Convert.FromBase64String(RenderScenario.SampleCaBundle);

        ClientConfig(rendered, mutating: true).Should().BeEquivalentTo(new Admissionregistrationv1WebhookClientConfig { Url = "https://127.0.0.1:8443/mutate", CaBundle = ca });
        ClientConfig(rendered, mutating: false).Should().BeEquivalentTo(new Admissionregistrationv1WebhookClientConfig { Url = "https://127.0.0.1:8443/validate", CaBundle = ca });
    }

    [Fact]
    public async Task Failure_policy_and_timeout_are_values()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "strict", "--set", "webhook.failurePolicy=Fail", "--set", "webhook.timeoutSeconds=3"));

        var webhook = rendered.Single<V1MutatingWebhookConfiguration>().Webhooks.Single();
        webhook.FailurePolicy.Should().Be("Fail");
        webhook.TimeoutSeconds.Should().Be(3);
    }

    internal static Admissionregistrationv1WebhookClientConfig ClientConfig(Rendered rendered, bool mutating) => mutating
        ? rendered.Single<V1MutatingWebhookConfiguration>().Webhooks.Single().ClientConfig
        : rendered.Single<V1ValidatingWebhookConfiguration>().Webhooks.Single().ClientConfig;

    private static IEnumerable<V1LabelSelector> NamespaceSelectors(Rendered rendered) =>
    [
        rendered.Single<V1MutatingWebhookConfiguration>().Webhooks.Single().NamespaceSelector,
        rendered.Single<V1ValidatingWebhookConfiguration>().Webhooks.Single().NamespaceSelector,
    ];
}
