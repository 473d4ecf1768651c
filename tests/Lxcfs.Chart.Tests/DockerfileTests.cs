using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lxcfs.Testing;

namespace Lxcfs.Chart.Tests;

/// <summary>
/// The Dockerfiles stay in step with the projects they build (these tests run no engine; make images
/// and CI's images job build them): every project the build needs is copied in, the entry point is the
/// project's assembly, base images are pinnable build arguments, and the runtime stages keep their promises.
/// </summary>
public sealed partial class DockerfileTests
{
    [Theory]
    [InlineData("Dockerfile.daemon", "src/Lxcfs.Daemon/Lxcfs.Daemon.csproj", "/usr/local/bin/lxcfs-daemon")]
    [InlineData("Dockerfile.webhook", "src/Lxcfs.Webhook/Lxcfs.Webhook.csproj", "/app/lxcfs-webhook.dll")]
    public void Copies_every_project_the_build_needs_and_starts_its_assembly(string dockerfile, string project, string entry)
    {
        var text = Read(dockerfile);

        foreach (var needed in ProjectClosure(project))
        {
            text.Should().Contain($"COPY {needed} ", "{0} builds {1}", dockerfile, needed);
            text.Should().Contain($"COPY {Path.GetDirectoryName(needed)}/ {Path.GetDirectoryName(needed)}/");
        }

        var assembly = XDocument.Load(Path.Combine(RepoPaths.Root, project)).Descendants("AssemblyName").Single().Value;
        entry.Should().Contain(assembly);
        EntryPoint().Match(text).Groups[1].Value.Should().Contain(entry);
    }

    [Theory]
    [InlineData("Dockerfile.daemon")]
    [InlineData("Dockerfile.webhook")]
    public void Base_images_are_build_arguments_with_pinned_versions(string dockerfile)
    {
        var text = Read(dockerfile);

        FromLine().Matches(text).Select(m => m.Groups[1].Value).Should().Equal("${SDK_IMAGE}", "${RUNTIME_IMAGE}");
        foreach (var arg in new[] { "SDK_IMAGE", "RUNTIME_IMAGE" })
        {
            var image = Regex.Match(text, $"^ARG {arg}=(\\S+)$", RegexOptions.Multiline).Groups[1].Value;
            image.Should().MatchRegex(@":\d+(\.\d+)+", "{0} pins a version", arg);
        }
    }

    [Fact]
    public void Daemon_image_is_native_aot_without_libfuse()
    {
        var text = Read("Dockerfile.daemon");
        var runtimeStage = text[text.LastIndexOf("FROM ", StringComparison.Ordinal)..];

        text.Should().Contain("dotnet publish src/Lxcfs.Daemon/Lxcfs.Daemon.csproj -c Release -r");
        XDocument.Load(Path.Combine(RepoPaths.Root, "src/Lxcfs.Daemon/Lxcfs.Daemon.csproj"))
            .Descendants("PublishAot").Single().Value.Should().Be("true");
        runtimeStage.Should().NotContainAny("fuse", "apt-get", "dotnet ");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("clang zlib1g-dev", false)]
    public async Task Daemon_build_runs_apt_only_when_CLANG_PACKAGES_names_packages(string packages, bool skipsApt)
    {
        // hack/images.sh passes CLANG_PACKAGES= with an SDK image that has clang already and no network.
        var command = RunStepAfter(Read("Dockerfile.daemon"), "ARG CLANG_PACKAGES=");
        var noTools = Directory.CreateTempSubdirectory("lxcfs-dockerfile-test-");
        try
        {
            // A PATH without apt-get: the step succeeds only if it never calls it.
            var result = await ProcessRunner.RunAsync(
                "/bin/sh",
                ["-c", command],
                environment: new Dictionary<string, string> { ["CLANG_PACKAGES"] = packages, ["PATH"] = noTools.FullName },
                workingDirectory: RepoPaths.Root);

            if (skipsApt)
            {
                result.ExitCode.Should().Be(0, result.ToString());
            }
            else
            {
                result.ExitCode.Should().NotBe(0);
                result.Stderr.Should().Contain("apt-get");
            }
        }
        finally
        {
            noTools.Delete(recursive: true);
        }
    }

    [Fact]
    public void Webhook_image_runs_as_a_numeric_non_root_user()
    {
        var text = Read("Dockerfile.webhook");

        var user = Regex.Match(text, @"^USER (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        user.Should().MatchRegex(@"^[1-9]\d*$");
        File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.yaml")).Should().Contain($"runAsUser: {user}");
    }

    private static string Read(string dockerfile) => File.ReadAllText(Path.Combine(RepoPaths.Root, "docker", dockerfile));

    /// <summary>The shell command of the first RUN instruction after the line starting with <paramref name="marker"/>, continuations joined.</summary>
    private static string RunStepAfter(string text, string marker)
    {
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(marker, StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, "the Dockerfile has a line starting with {0}", marker);
        var run = Array.FindIndex(lines, start, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        run.Should().BeGreaterThan(start, "a RUN instruction follows {0}", marker);

        var command = new List<string> { lines[run]["RUN ".Length..] };
        for (var i = run; command[^1].EndsWith('\\') && i + 1 < lines.Length; i++)
        {
            command[^1] = command[^1][..^1];
            command.Add(lines[i + 1]);
        }

        return string.Join(' ', command);
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(Path.Combine(RepoPaths.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(RepoPaths.Root, directory, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^ENTRYPOINT (.+)$", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();

    [GeneratedRegex(@"^FROM (\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();
}
