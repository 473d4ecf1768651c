using Lxcfs.Daemon.Tests;
using Lxcfs.Testing;

namespace Lxcfs.Containers.Tests;

/// <summary>A detached container this test created; Dispose removes it by its id.</summary>
internal sealed class Container : IDisposable
{
    private Container(string id, string name)
    {
        Id = id;
        Name = name;
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The container's init as the host sees it.</summary>
    public int Pid => int.Parse(Inspect("{{.State.Pid}}"), System.Globalization.CultureInfo.InvariantCulture);

    public bool Running => Inspect("{{.State.Running}}") == "true";

    public static Container Start(IEnumerable<string> options, string script)
    {
        var name = Podman.UniqueName();
        var result = ProcessRunner.Run("podman", [.. Podman.RunArguments(name, ["--detach", .. options]), Podman.Image, "/bin/sh", "-c", script]);
        if (result.ExitCode != 0)
        {
            ProcessRunner.Run("podman", ["rm", "--force", "--ignore", "--time", "0", name]);
            throw new InvalidOperationException($"podman run failed ({result.ExitCode}): {result.Stderr}");
        }

        return new Container(result.Stdout.Trim(), name);
    }

    public string Inspect(string format) => ProcessRunner.Run("podman", ["inspect", "--format", format, Id]).Stdout.Trim();

    public void Dispose() => ProcessRunner.Run("podman", ["rm", "--force", "--ignore", "--time", "0", Id]);
}
