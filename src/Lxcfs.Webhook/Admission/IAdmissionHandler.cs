namespace Lxcfs.Webhook.Admission;

/// <summary>Decides on one decoded admission request. Pure: no HTTP, no side effects (dryRun-safe).</summary>
public interface IAdmissionHandler
{
    /// <summary>The metric and log label of this handler ("mutate", "validate").</summary>
    string Name { get; }

    AdmissionResponse Handle(AdmissionRequest request);
}
