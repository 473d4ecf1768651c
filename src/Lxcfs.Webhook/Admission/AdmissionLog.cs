using Microsoft.Extensions.Logging;

namespace Lxcfs.Webhook.Admission;

/// <summary>Source-generated admission log events; the request uid and handler come from the log scope.</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Patched pod {Namespace}/{Name} with {Operations} operations (dryRun={DryRun})")]
    public static partial void Patched(ILogger logger, string? @namespace, string? name, int operations, bool dryRun);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Allowed {Kind} {Operation} {Namespace}/{Name} unchanged")]
    public static partial void Allowed(ILogger logger, string kind, string operation, string? @namespace, string? name);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Denied {Kind} {Namespace}/{Name}: {Reason}")]
    public static partial void Denied(ILogger logger, string kind, string? @namespace, string? name, string? reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Bad admission request ({Status}): {Reason}")]
    public static partial void BadRequest(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Admission handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
