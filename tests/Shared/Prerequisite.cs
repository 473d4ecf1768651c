namespace Lxcfs.Testing;

/// <summary>
/// Checks a test's real prerequisite (root, /dev/fuse, cgroups, podman, a built tool…). A missing one
/// fails the test, so CI can never pass by silently skipping. Only on machines that set
/// <c>LXCFS_TESTS_ALLOW_MISSING=1</c> (never CI) does a missing prerequisite turn into a visible skip.
/// </summary>
public static class Prerequisite
{
    public const string OptOutVariable = "LXCFS_TESTS_ALLOW_MISSING";

    public static void Require(bool present, string what)
    {
        if (present)
        {
            return;
        }

        var message = $"prerequisite missing: {what}";
        if (Environment.GetEnvironmentVariable(OptOutVariable) == "1")
        {
            Assert.Skip(message + $" ({OptOutVariable}=1)");
        }

        Assert.Fail(message + $"; install it (hack/prereqs.sh) or set {OptOutVariable}=1 on a machine that cannot have it");
    }

    public static void RequireRoot() => Require(Environment.IsPrivilegedProcess, "root");

    public static void RequireFile(string path, string what) => Require(File.Exists(path) || Directory.Exists(path), $"{what} ({path})");

    public static string RequireExecutable(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Require(false, $"executable '{name}' on PATH");
        return name;
    }
}
