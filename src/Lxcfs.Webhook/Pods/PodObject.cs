using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// What the webhook reads of a pod, gathered in the one pass over the review (<see cref="PodReader"/>).
/// A member that is missing or of another type reads as null; so does a list the pod does not have,
/// which the patch then adds whole instead of appending to.
/// </summary>
public sealed record PodObject(PodMetadata? Metadata, PodSpec? Spec);

public sealed record PodMetadata(string? Name, string? GenerateName, JsonStringMap? Labels, JsonStringMap? Annotations);

/// <summary>
/// The pod's spec as far as the webhook reads it. <see cref="RequiredNodeTerms"/> are
/// affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.
/// </summary>
public sealed record PodSpec(
    IReadOnlyList<PodVolume>? Volumes,
    IReadOnlyList<PodContainer>? InitContainers,
    IReadOnlyList<PodContainer>? Containers,
    string? OsName = null,
    JsonStringMap? NodeSelector = null,
    IReadOnlyList<NodeSelectorTerm>? RequiredNodeTerms = null);

/// <summary>One of the terms a node must match (any of them); all its requirements must hold.</summary>
public sealed record NodeSelectorTerm(IReadOnlyList<NodeSelectorRequirement> MatchExpressions);

public sealed record NodeSelectorRequirement(string? Key, string? Operator, IReadOnlyList<string> Values);

public sealed record PodVolume(JsonString? Name, string? HostPath);

/// <summary>One container; <see cref="Index"/> is its position in its list, which the patch's paths name.</summary>
public sealed record PodContainer(int Index, IReadOnlyList<JsonString>? MountPaths, IReadOnlyList<JsonString>? EnvNames, string? CpuLimit, string? MemoryLimit);
