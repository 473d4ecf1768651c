namespace Lxcfs.Testing;

/// <summary>What a command that ran to completion left: its exit code and everything it wrote.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>This result when the command succeeded; otherwise an exception naming <paramref name="what"/> and its output.</summary>
    public ProcessResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr}{Stdout}");

    /// <summary>The whole result, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
