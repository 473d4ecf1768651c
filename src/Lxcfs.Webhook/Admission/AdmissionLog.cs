using Microsoft.Extensions.Logging;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// Source-generated admission log events. The request uid and the handler are properties of each event
/// rather than of a log scope: a scope per request cost more than the rest of the logging together.
/// </summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Patched pod {Namespace}/{Name} with {Operations} operations (dryRun={DryRun}, uid={Uid}, handler={Handler})")]
    public static partial void Patched(ILogger logger, string? @namespace, string? name, int operations, bool dryRun, string uid, string handler);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Allowed {Kind} {Operation} {Namespace}/{Name} unchanged (uid={Uid}, handler={Handler})")]
    public static partial void Allowed(ILogger logger, string kind, string operation, string? @namespace, string? name, string uid, string handler);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Pod {Namespace}/{Name}: {Note}, {Operations} patch operations (dryRun={DryRun}, uid={Uid}, handler={Handler})")]
    public static partial void Noted(ILogger logger, string? @namespace, string? name, string note, int operations, bool dryRun, string uid, string handler);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Denied {Kind} {Namespace}/{Name}: {Reason} (uid={Uid}, handler={Handler})")]
    public static partial void Denied(ILogger logger, string kind, string? @namespace, string? name, string? reason, string uid, string handler);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Bad admission request ({Status}): {Reason} (uid={Uid}, handler={Handler})")]
    public static partial void BadRequest(ILogger logger, int status, string reason, string? uid, string handler);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Admission handler failed (uid={Uid}, handler={Handler})")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string uid, string handler);
}
