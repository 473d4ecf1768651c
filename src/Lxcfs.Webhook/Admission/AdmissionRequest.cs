using System.Text.Json;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// The parts of an AdmissionReview request the handlers use. <see cref="ObjectJson"/> is the object exactly as
/// the API server sent it (an element of the parsed body, not a re-serialised model): patches are computed
/// against it, so fields this program does not know are neither dropped nor rewritten. Disposing the
/// request returns the parsed body's pooled buffers; its elements are unusable after that.
/// </summary>
public sealed record AdmissionRequest(
    string ApiVersion,
    string Uid,
    GroupVersionKind Kind,
    string Resource,
    string? SubResource,
    string Operation,
    string? Namespace,
    string? Name,
    bool DryRun,
    JsonElement? ObjectJson,
    JsonElement? OldObjectJson) : IDisposable
{
    internal JsonDocument? Document { get; init; }

    public bool IsPod => Kind.Group.Length == 0 && Kind.Kind == "Pod" && Resource == "pods" && string.IsNullOrEmpty(SubResource);

    public void Dispose() => Document?.Dispose();
}

public sealed record GroupVersionKind(string Group, string Version, string Kind);
