namespace Lxcfs.Interop;

/// <summary>
/// The libc entry points of the daemon, the FUSE transport and the /proc views, each declared once and
/// split by concern (files, sockets, mounts, namespaces, signals, pidfds). Source-generated marshalling
/// keeps them Native AOT friendly; errno is read with
/// <see cref="System.Runtime.InteropServices.Marshal.GetLastPInvokeError"/> right after a call, which
/// only the imports marked SetLastError keep. The constants are Linux's (x86_64 and aarch64 share them).
/// </summary>
public static partial class Libc
{
    private const string Lib = "libc";
}
