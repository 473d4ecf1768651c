using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Tests.Support;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>Bad configuration fails at start with a message naming the setting.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_name_the_drop_in_paths_and_keys()
    {
        var options = TestHandlers.Options();

        new WebhookOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
        options.MountRoot.Should().Be("/var/lib/lxcfs");
        options.Files.Should().HaveCount(8).And.Contain("/sys/devices/system/cpu/online");
        options.AnnotationPrefixes.Should().Equal("lxcfs-admission-webhook", "lxcfs-admission-webhook.aliyun.com");
        options.NamespaceLabel.Should().Be("lxcfs-admission-webhook=enabled");
    }

    [Fact]
    public void Relative_paths_prefixes_with_slashes_and_malformed_labels_are_rejected()
    {
        var options = TestHandlers.Options(o =>
        {
            o.MountRoot = "var/lib/lxcfs";
            o.Files = ["proc/meminfo"];
            o.AnnotationPrefixes = ["bad/prefix"];
            o.ExcludePodLabels = ["novalue"];
        });

        var result = new WebhookOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(4).And.Contain(f => f.Contains("Webhook:MountRoot", StringComparison.Ordinal));
    }
}
