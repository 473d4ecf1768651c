using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// POST /mutate: a pod CREATE gets the lxcfs mounts (and, when the pod or its namespace asks for it, the
/// limits environment) as a JSON patch written while the pod is read. Everything else is allowed unchanged.
/// </summary>
public sealed class MutatingHandler : IAdmissionHandler
{
    private readonly PodSelection _selection;
    private readonly PodMutator _mutator;
    private readonly LimitsEnvironment _environment;
    private readonly NamespaceAnnotationCache _namespaces;

    public MutatingHandler(PodSelection selection, PodMutator mutator, LimitsEnvironment environment, NamespaceAnnotationCache namespaces)
    {
        _selection = selection;
        _mutator = mutator;
        _environment = environment;
        _namespaces = namespaces;
    }

    public string Name => "mutate";

    public AdmissionResponse Handle(AdmissionRequest request)
    {
        if (!request.IsPod || request.Operation != "CREATE" || request.Pod is not { } pod)
        {
            return AdmissionResponse.Allow();
        }

        if (_selection.SkipReason(pod) is not null)
        {
            return AdmissionResponse.Allow();
        }

        using var patch = new PodPatch();
        var changed = _mutator.Mutate(pod, patch);
        changed |= _environment.Inject(pod, patch, _namespaces.For(request.Namespace));
        return changed ? AdmissionResponse.Patched(patch.ToArray(), patch.Count) : AdmissionResponse.Allow();
    }
}
