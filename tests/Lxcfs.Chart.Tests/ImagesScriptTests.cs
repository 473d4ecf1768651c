namespace Lxcfs.Chart.Tests;

/// <summary>hack/images.sh on a machine without a container engine says so instead of failing obscurely.</summary>
public sealed class ImagesScriptTests
{
    [Fact]
    public async Task Without_docker_or_podman_it_names_what_is_missing()
    {
        // A PATH holding only the plain tools the script needs, and no engine.
        var tools = Directory.CreateTempSubdirectory("lxcfs-images-test-");
        try
        {
            foreach (var tool in new[] { "dirname", "date", "sed" })
            {
                File.CreateSymbolicLink(Path.Combine(tools.FullName, tool), Path.Combine("/usr/bin", tool));
            }

            var result = await ProcessRunner.RunAsync(
                "/bin/bash",
                [RepoPaths.Hack("images.sh")],
                new Dictionary<string, string> { ["PATH"] = tools.FullName, ["ENGINE"] = "" });

            result.ExitCode.Should().Be(1);
            result.Stderr.Should().Contain("no container engine").And.Contain("docker").And.Contain("podman");
        }
        finally
        {
            tools.Delete(recursive: true);
        }
    }
}
