using Lxcfs.Webhook.Admission;

namespace Lxcfs.Webhook.Pods;

/// <summary>POST /validate: a pod whose lxcfs annotations carry values outside the accepted set is rejected.</summary>
public sealed class ValidatingHandler : IAdmissionHandler
{
    private readonly LxcfsAnnotations _annotations;

    public ValidatingHandler(LxcfsAnnotations annotations) => _annotations = annotations;

    public string Name => "validate";

    public AdmissionResponse Handle(AdmissionRequest request)
    {
        if (!request.IsPod || request.Operation is not ("CREATE" or "UPDATE") || request.Pod is not { } pod)
        {
            return AdmissionResponse.Allow();
        }

        var problems = Problems(pod).ToList();
        return problems.Count == 0 ? AdmissionResponse.Allow() : AdmissionResponse.Deny(string.Join("; ", problems));
    }

    private IEnumerable<string> Problems(PodObject pod)
    {
        var annotations = pod.Metadata?.Annotations;
        foreach (var key in _annotations.BooleanKeys)
        {
            var value = annotations?.Get(key);
            if (value is not null && AnnotationValues.ParseBoolean(value) is null)
            {
                yield return Invalid(key, value, AnnotationValues.Booleans);
            }
        }

        foreach (var key in _annotations.StatusKeys)
        {
            var value = annotations?.Get(key);
            if (value is not null && !AnnotationValues.Statuses.Contains(value))
            {
                yield return Invalid(key, value, AnnotationValues.Statuses);
            }
        }
    }

    private static string Invalid(string key, string value, IEnumerable<string> accepted) =>
        $"annotation {key} has invalid value \"{value}\"; accepted values: {AnnotationValues.Describe(accepted)}";
}
