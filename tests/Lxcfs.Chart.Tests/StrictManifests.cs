using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>
/// Parses rendered manifests into KubernetesClient's typed models with strict settings: a field the
/// model does not have (a typo, a field of another API version) or an unknown kind throws.
/// </summary>
internal static class StrictManifests
{
    private static readonly Dictionary<string, Type> s_extraTypes = new()
    {
        // Only 1.20's PDB version; its fields are a subset of policy/v1's, so the v1 model checks it.
        ["policy/v1beta1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["cert-manager.io/v1/Issuer"] = typeof(CertManagerIssuer),
        ["cert-manager.io/v1/Certificate"] = typeof(CertManagerCertificate),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
    };

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Parse(string yaml)
    {
        var objects = KubernetesYaml.LoadAllFromString(yaml, s_extraTypes, strict: true);
        return objects.Select(o => o as IKubernetesObject<V1ObjectMeta>
            ?? throw new InvalidOperationException($"{o.GetType().Name} is not a Kubernetes object")).ToList();
    }
}
