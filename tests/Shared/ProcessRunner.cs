using System.Diagnostics;

namespace Lxcfs.Testing;

/// <summary>
/// Runs a command to completion with a deadline, its output captured. A command that overruns is
/// killed with its whole process tree (by pid, never by name) and reported as a <see cref="TimeoutException"/>.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Long enough for a script or a cluster tool; a local command that hangs is a failure anyway.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <param name="file">the program</param>
    /// <param name="arguments">its arguments, passed as they are (no shell)</param>
    /// <param name="timeout">the deadline; <see cref="DefaultTimeout"/> when null</param>
    /// <param name="stdin">written to its standard input, which is then closed; none when null</param>
    /// <param name="environment">variables set on top of this process's environment</param>
    /// <param name="workingDirectory">where it runs; this process's working directory when null</param>
    public static ProcessResult Run(
        string file,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        using var process = Start(file, arguments, stdin is not null, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw Overran(process);
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <paramref name="script"/> with <c>/bin/sh -c</c>.</summary>
    public static ProcessResult Shell(string script, TimeSpan? timeout = null) => Run("/bin/sh", ["-c", script], timeout);

    /// <inheritdoc cref="Run"/>
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        using var process = Start(file, arguments, stdin is not null, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw Overran(process);
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static Process Start(
        string file,
        IEnumerable<string> arguments,
        bool redirectStdin,
        IReadOnlyDictionary<string, string>? environment,
        string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    private static TimeoutException Overran(Process process) =>
        new($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not finish in time");
}
