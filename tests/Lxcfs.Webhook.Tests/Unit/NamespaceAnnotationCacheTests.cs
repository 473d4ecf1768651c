using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Pods;
using Lxcfs.Webhook.Tests.Support;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>The cache keeps only the keys a namespace may default, and follows adds, changes, deletes and relists.</summary>
public sealed class NamespaceAnnotationCacheTests
{
    private const string InjectEnv = "lxcfs-admission-webhook/inject-env";
    private const string InjectThreadEnv = "lxcfs-admission-webhook/inject-thread-env";

    private static NamespaceAnnotationCache NewCache() => new(new LxcfsAnnotations(TestHandlers.Options()));

    [Fact]
    public void Only_the_defaultable_keys_are_kept_and_namespaces_without_them_are_not_stored()
    {
        var cache = NewCache();

        cache.Set("a", new Dictionary<string, string> { [InjectEnv] = "true", ["lxcfs-admission-webhook/mutate"] = "false", ["team"] = "x" });
        cache.Set("b", new Dictionary<string, string> { ["team"] = "y" });
        cache.Set("c", null);

        cache.For("a").Should().Equal(new Dictionary<string, string> { [InjectEnv] = "true" });
        cache.For("b").Should().BeNull();
        cache.For("c").Should().BeNull();
        cache.For(null).Should().BeNull();
    }

    [Fact]
    public void Changes_and_deletes_replace_what_was_known()
    {
        var cache = NewCache();
        cache.Set("a", new Dictionary<string, string> { [InjectEnv] = "true" });
        cache.Set("b", new Dictionary<string, string> { [InjectEnv] = "true" });

        cache.Set("a", new Dictionary<string, string> { [InjectThreadEnv] = "yes" });
        cache.Remove("b");

        cache.For("a").Should().Equal(new Dictionary<string, string> { [InjectThreadEnv] = "yes" });
        cache.For("b").Should().BeNull();
    }

    [Fact]
    public void A_relist_drops_namespaces_that_are_gone_and_marks_the_cache_synced()
    {
        var cache = NewCache();
        cache.Set("gone", new Dictionary<string, string> { [InjectEnv] = "true" });
        cache.Synced.Should().BeFalse();

        cache.ReplaceAll([("kept", new Dictionary<string, string> { [InjectEnv] = "off" }), ("plain", null)]);

        cache.For("gone").Should().BeNull();
        cache.For("kept").Should().Equal(new Dictionary<string, string> { [InjectEnv] = "off" });
        cache.For("plain").Should().BeNull();
        cache.Synced.Should().BeTrue();
    }
}
