using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The strict parser the chart tests rely on really rejects what the API server would drop or refuse.</summary>
public sealed class StrictParsingTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: demo
        spec:
          selector:
            matchLabels: {app: demo}
          template:
            metadata:
              labels: {app: demo}
            spec:
              containers:
                - name: demo
                  image: demo:1
                  {0}: true
        """;

    [Fact]
    public void A_known_field_parses_into_the_typed_model()
    {
        var objects = StrictManifests.Parse(Deployment.Replace("{0}", "stdin", StringComparison.Ordinal));

        var deployment = objects.Should().ContainSingle().Which.Should().BeOfType<V1Deployment>().Subject;
        deployment.Spec.Template.Spec.Containers.Should().ContainSingle().Which.Stdin.Should().BeTrue();
    }

    [Fact]
    public void A_misspelt_field_deep_in_a_pod_template_fails()
    {
        var parse = () => StrictManifests.Parse(Deployment.Replace("{0}", "stdinn", StringComparison.Ordinal));

        parse.Should().Throw<Exception>().Which.ToString().Should().Contain("stdinn");
    }

    [Fact]
    public void A_field_cert_manager_does_not_have_fails()
    {
        const string certificate = """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: demo}
            spec:
              secretName: demo-tls
              dnsName: [demo.svc]
              issuerRef: {name: demo}
            """;

        var parse = () => StrictManifests.Parse(certificate);

        parse.Should().Throw<Exception>().Which.ToString().Should().Contain("dnsName");
    }

    [Fact]
    public void An_unknown_kind_fails()
    {
        var parse = () => StrictManifests.Parse("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n");

        parse.Should().Throw<Exception>();
    }
}
