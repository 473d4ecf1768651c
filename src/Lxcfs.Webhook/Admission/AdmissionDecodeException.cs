namespace Lxcfs.Webhook.Admission;

/// <summary>A request body that is not a usable AdmissionReview; the message is sent back to the caller.</summary>
public sealed class AdmissionDecodeException : Exception
{
    public AdmissionDecodeException(string message, string? uid = null)
        : base(message) => Uid = uid;

    public AdmissionDecodeException()
    {
    }

    public AdmissionDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The request's UID when it could be read before the failure, so the answer can echo it.</summary>
    public string? Uid { get; }
}
