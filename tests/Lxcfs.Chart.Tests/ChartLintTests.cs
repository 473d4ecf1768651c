namespace Lxcfs.Chart.Tests;

/// <summary>helm lint --strict, and the values schema refusing what would render a broken release.</summary>
public sealed class ChartLintTests
{
    [Theory]
    [MemberData(nameof(RenderScenario.Names), MemberType = typeof(RenderScenario))]
    public async Task Lint_strict_passes(string scenario)
    {
        string[] arguments = ["lint", "--strict", RepoPaths.Chart, .. RenderScenario.Named(scenario).Arguments];

        var result = await Helm.RunAsync(arguments);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("1 chart(s) linted, 0 chart(s) failed");
    }

    [Theory]
    [InlineData("webhook.failurPolicy=Fail", "failurPolicy")]
    [InlineData("webhook.failurePolicy=Maybe", "failurePolicy")]
    [InlineData("certificates.mode=letsencrypt", "mode")]
    [InlineData("webhook.url=http://127.0.0.1:8443", "url")]
    [InlineData("mountRoot=relative/path", "mountRoot")]
    [InlineData("mountRoot=/lxcfs", "mountRoot")]
    public async Task Schema_rejects_a_bad_value(string setting, string reported)
    {
        var result = await Helm.RunAsync("template", "x", RepoPaths.Chart, "--set", setting);

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain(reported);
    }

    [Theory]
    [InlineData("certificates.secretName=my-tls", "certificates.caBundle")]
    [InlineData($"certificates.caBundle={RenderScenario.SampleCaBundle}", "certificates.secretName")]
    public async Task User_secret_mode_needs_both_the_secret_and_its_CA(string setting, string missing)
    {
        var result = await Helm.RunAsync("template", "x", RepoPaths.Chart, "--set", "certificates.mode=secret", "--set", setting);

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain(missing);
    }
}
