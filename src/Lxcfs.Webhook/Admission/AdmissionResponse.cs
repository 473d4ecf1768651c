using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Operations;

namespace Lxcfs.Webhook.Admission;

/// <summary>A handler's verdict. The UID and API version are added when the review is written.</summary>
public sealed record AdmissionResponse(bool Allowed, int Code, string? Message, IReadOnlyList<Operation> Patch)
{
    private static readonly AdmissionResponse s_allowed = new(true, 200, null, []);

    public static AdmissionResponse Allow() => s_allowed;

    /// <summary>An allowed response carrying a JSON patch; an empty patch is the same as <see cref="Allow"/>.</summary>
    public static AdmissionResponse Patched(IReadOnlyList<Operation> patch) => patch.Count == 0 ? s_allowed : new(true, 200, null, patch);

    public static AdmissionResponse Deny(string message) => new(false, 403, message, []);

    public static AdmissionResponse Errored(int code, string message) => new(false, code, message, []);
}
