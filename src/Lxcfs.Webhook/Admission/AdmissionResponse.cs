namespace Lxcfs.Webhook.Admission;

/// <summary>
/// A handler's verdict. <see cref="Patch"/> is the RFC 6902 document (UTF-8 JSON) of
/// <see cref="PatchOperations"/> operations, empty when there is none. The UID and API version are added
/// when the review is written. <see cref="Note"/> is for the log only (why a handler did what it did).
/// </summary>
public sealed record AdmissionResponse(bool Allowed, int Code, string? Message, ReadOnlyMemory<byte> Patch, int PatchOperations, string? Note = null)
{
    private static readonly AdmissionResponse s_allowed = new(true, 200, null, ReadOnlyMemory<byte>.Empty, 0);

    public static AdmissionResponse Allow() => s_allowed;

    /// <summary>An allowed response carrying a JSON patch; an empty patch is the same as <see cref="Allow"/>.</summary>
    public static AdmissionResponse Patched(ReadOnlyMemory<byte> patch, int operations, string? note = null) =>
        operations == 0 && note is null ? s_allowed : new(true, 200, null, operations == 0 ? ReadOnlyMemory<byte>.Empty : patch, operations, note);

    public static AdmissionResponse Deny(string message) => new(false, 403, message, ReadOnlyMemory<byte>.Empty, 0);

    public static AdmissionResponse Errored(int code, string message) => new(false, code, message, ReadOnlyMemory<byte>.Empty, 0);
}
