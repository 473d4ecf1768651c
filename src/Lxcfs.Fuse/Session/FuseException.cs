namespace Lxcfs.Fuse.Session;

/// <summary>A failure to mount, unmount or serve, with a message meant for the operator's one error line.</summary>
public sealed class FuseException : Exception
{
    public FuseException(string message, int errno = 0)
        : base(message)
    {
        Errno = errno;
    }

    public FuseException()
    {
    }

    public FuseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The errno behind the failure, 0 when none.</summary>
    public int Errno { get; }

    internal static FuseException FromErrno(string what, int errno) =>
        new($"{what}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
