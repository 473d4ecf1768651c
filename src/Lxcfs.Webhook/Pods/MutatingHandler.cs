using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Observability;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// POST /mutate: a pod CREATE gets the lxcfs mounts (and, when the pod or its namespace asks for it, the
/// limits environment) as a JSON patch written while the pod is read, or is left without them for a
/// reason (<see cref="PodSkip"/>). Either way the status annotation says which. Everything else is
/// allowed unchanged. Seen again (reinvocation after another webhook), a pod gets only what is missing.
/// </summary>
public sealed class MutatingHandler : IAdmissionHandler
{
    private readonly PodSelection _selection;
    private readonly PodMutator _mutator;
    private readonly LimitsEnvironment _environment;
    private readonly NamespaceAnnotationCache _namespaces;
    private readonly StatusAnnotationWriter _status;

    public MutatingHandler(PodSelection selection, PodMutator mutator, LimitsEnvironment environment, NamespaceAnnotationCache namespaces, LxcfsAnnotations annotations)
    {
        _selection = selection;
        _mutator = mutator;
        _environment = environment;
        _namespaces = namespaces;
        _status = new StatusAnnotationWriter(annotations.StatusKey);
    }

    public string Name => "mutate";

    public AdmissionResponse Handle(AdmissionRequest request)
    {
        if (!request.IsPod || request.Operation != "CREATE" || request.Pod is not { } pod)
        {
            return AdmissionResponse.Allow();
        }

        using var patch = new PodPatch();
        if (_selection.Skip(pod, request.Namespace) is { } skip)
        {
            return Skipped(pod, patch, skip);
        }

        var mutation = _mutator.Mutate(pod, patch);
        if (mutation.Skip is { } tooLarge)
        {
            return Skipped(pod, patch, tooLarge);
        }

        if (mutation.Changed)
        {
            _status.Write(pod, patch, AnnotationValues.Mutated);
        }

        _environment.Inject(pod, patch, _namespaces.For(request.Namespace));
        return AdmissionResponse.Patched(patch.ToArray(), patch.Count);
    }

    private AdmissionResponse Skipped(PodObject pod, PodPatch patch, PodSkip skip)
    {
        WebhookMetrics.SkippedPods.WithLabels(skip.Reason).Inc();
        _status.Write(pod, patch, skip.StatusValue);
        return AdmissionResponse.Patched(patch.ToArray(), patch.Count, $"{skip.StatusValue} ({skip.Detail})");
    }
}
