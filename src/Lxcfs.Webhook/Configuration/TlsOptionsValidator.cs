using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Configuration;

/// <summary>Refuses certificate settings that contradict each other, with the reason, at start.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
