using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// POST /mutate: a pod CREATE gets the lxcfs mounts as a JSON patch computed from the difference between
/// the pod as received and the pod as mutated. Everything else is allowed unchanged.
/// </summary>
public sealed class MutatingHandler : IAdmissionHandler
{
    private readonly PodSelection _selection;
    private readonly PodMutator _mutator;
    private readonly LimitsEnvironment _environment;

    public MutatingHandler(PodSelection selection, PodMutator mutator, LimitsEnvironment environment)
    {
        _selection = selection;
        _mutator = mutator;
        _environment = environment;
    }

    public string Name => "mutate";

    public AdmissionResponse Handle(AdmissionRequest request)
    {
        if (!request.IsPod || request.Operation != "CREATE" || request.ObjectJson is not { } pod)
        {
            return AdmissionResponse.Allow();
        }

        if (_selection.SkipReason(pod) is not null)
        {
            return AdmissionResponse.Allow();
        }

        var mutated = PodView.Of(pod);
        var changed = _mutator.Mutate(mutated);
        changed |= _environment.Inject(mutated);
        return changed ? AdmissionResponse.Patched(JsonDiff.Diff(PodView.Of(pod), mutated)) : AdmissionResponse.Allow();
    }
}
