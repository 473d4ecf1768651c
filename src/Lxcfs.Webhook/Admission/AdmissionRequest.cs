using Lxcfs.Webhook.Pods;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// The parts of an AdmissionReview request the handlers use. <see cref="Pod"/> is request.object read as a
/// pod (the only kind this webhook admits): patches are written against the members it kept, so fields this
/// program does not know are neither dropped nor rewritten. Its strings point into the request body.
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
    PodObject? Pod)
{
    public bool IsPod => Kind.Group.Length == 0 && Kind.Kind == "Pod" && Resource == "pods" && string.IsNullOrEmpty(SubResource);
}

public sealed record GroupVersionKind(string Group, string Version, string Kind);
