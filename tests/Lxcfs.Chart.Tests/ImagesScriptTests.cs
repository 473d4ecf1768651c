using Lxcfs.Testing;

namespace Lxcfs.Chart.Tests;

/// <summary>
/// hack/images.sh says what is wrong before it builds anything: no engine, a bad command line, a base
/// image choice the engine cannot serve. Each case runs with a PATH holding only the plain tools the
/// script needs up to that point, so nothing is built or installed.
/// </summary>
public sealed class ImagesScriptTests
{
    [Fact]
    public async Task Without_docker_or_podman_it_names_what_is_missing()
    {
        var result = await RunAsync([], new() { ["ENGINE"] = "" });

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("no container engine").And.Contain("docker").And.Contain("podman");
    }

    [Theory]
    [InlineData("build")]
    [InlineData("save")]
    [InlineData("save", "")]
    [InlineData("save", "out", "more")]
    public async Task A_command_line_other_than_nothing_or_save_DIR_prints_the_usage(params string[] arguments)
    {
        var result = await RunAsync(arguments, new() { ["ENGINE"] = "podman" });

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain("usage: hack/images.sh [save DIR]");
    }

    [Fact]
    public async Task Local_base_images_need_podman()
    {
        var result = await RunAsync([], new() { ["ENGINE"] = "docker", ["BASES"] = "local" });

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain("BASES=local needs podman").And.Contain("BASES=upstream");
    }

    [Fact]
    public async Task An_unknown_base_image_choice_is_refused()
    {
        var result = await RunAsync([], new() { ["ENGINE"] = "podman", ["BASES"] = "mirror" });

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain("BASES must be local or upstream, not 'mirror'");
    }

    private static async Task<ProcessResult> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var tools = Directory.CreateTempSubdirectory("lxcfs-images-test-");
        try
        {
            foreach (var tool in new[] { "dirname", "date", "sed" })
            {
                File.CreateSymbolicLink(Path.Combine(tools.FullName, tool), Path.Combine("/usr/bin", tool));
            }

            environment["PATH"] = tools.FullName;
            environment.TryAdd("BASES", "");
            return await ProcessRunner.RunAsync("/bin/bash", [RepoPaths.Hack("images.sh"), .. arguments], environment: environment, workingDirectory: RepoPaths.Root);
        }
        finally
        {
            tools.Delete(recursive: true);
        }
    }
}
