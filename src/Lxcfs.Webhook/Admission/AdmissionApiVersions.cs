namespace Lxcfs.Webhook.Admission;

/// <summary>The AdmissionReview versions understood; the answer is always written in the request's one.</summary>
public static class AdmissionApiVersions
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";

    public static bool IsSupported(string? apiVersion) => apiVersion is V1 or V1Beta1;
}
