using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// The parts of an AdmissionReview request the handlers use. <see cref="ObjectJson"/> is the object exactly as
/// the API server sent it: patches are computed against it, never against a re-serialised model, so
/// fields this program does not know are neither dropped nor rewritten.
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
    JsonObject? ObjectJson,
    JsonObject? OldObjectJson)
{
    public bool IsPod => Kind.Group.Length == 0 && Kind.Kind == "Pod" && Resource == "pods" && string.IsNullOrEmpty(SubResource);
}

public sealed record GroupVersionKind(string Group, string Version, string Kind);
